import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { FLAG_EDGE_PATH_PREFIX, FLAG_EDGE_PATHS } from "@/lib/edge/server";

interface IngressPath {
  path: string;
  pathType: "Exact" | "Prefix";
  backend: { service: { name: string } };
}

const documents = parseAllDocuments(readFileSync("deploy/kubernetes/opsdeck.yaml", "utf8")).map((document) => document.toJS());
const ingress = documents.find((document) => document.kind === "Ingress");
const paths: IngressPath[] = ingress.spec.rules.flatMap((rule: { http: { paths: IngressPath[] } }) => rule.http.paths);

/** Kubernetes' rule: an Exact match first, else the longest Prefix, which matches whole path elements. */
function serviceFor(requestPath: string): string | undefined {
  const exact = paths.find((path) => path.pathType === "Exact" && path.path === requestPath);
  const prefixes = paths
    .filter((path) => path.pathType === "Prefix" && (path.path === "/" || requestPath === path.path || requestPath.startsWith(`${path.path}/`)))
    .sort((x, y) => y.path.length - x.path.length);
  return (exact ?? prefixes[0])?.backend.service.name;
}

/** The Kubernetes example's Ingress must send the edge exactly what it serves, and nothing it does not. */
describe("deploy/kubernetes/opsdeck.yaml Ingress", () => {
  it("routes every path the edge serves to the edge Service", () => {
    for (const path of [...FLAG_EDGE_PATHS, `${FLAG_EDGE_PATH_PREFIX}checkout-v2`]) expect([path, serviceFor(path)]).toEqual([path, "opsdeck-flag-edge"]);
  });

  it("sends everything else to the web app", () => {
    for (const path of ["/", "/flags", "/api/admin/feature-flags", "/api/flags/cache", "/api/health/live", "/ofrep/v1/configuration", "/v1/traces", "/api/edge/access"]) {
      expect([path, serviceFor(path)]).toEqual([path, "opsdeck"]);
    }
  });
});
