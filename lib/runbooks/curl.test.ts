import { describe, expect, it } from "vitest";
import { copyableCurl, trailingPipe } from "@/lib/runbooks/curl";

const ORIGIN = "https://opsdeck.example.com";

describe("the command a runbook step copies", () => {
  it("points at the public origin and carries a token placeholder the shell expands", () => {
    expect(copyableCurl({ method: "GET", path: "/api/health/pool-stats" }, ORIGIN)).toBe(
      `curl -sS https://opsdeck.example.com/api/health/pool-stats \\\n  -H "Authorization: Bearer $OPSDECK_TOKEN"`,
    );
  });

  it("quotes a query string and sends the body as JSON", () => {
    expect(copyableCurl({ method: "POST", path: "/api/admin/ratelimit/unlock?email=a@example.com&x=1", bodyJson: `{"note":"it's me"}` }, ORIGIN)).toBe(
      [
        `curl -sS -X POST 'https://opsdeck.example.com/api/admin/ratelimit/unlock?email=a@example.com&x=1'`,
        `-H "Authorization: Bearer $OPSDECK_TOKEN"`,
        `-H 'Content-Type: application/json'`,
        `-d '{"note":"it'\\''s me"}'`,
      ].join(" \\\n  "),
    );
  });

  it("keeps the runbook's own | jq filter, and nothing of its localhost URL or token variable", () => {
    const written = `curl 'http://localhost:3000/api/admin/metrics/errors?window=1h' -H "Authorization: Bearer \${ADMIN_TOKEN}" | jq '.errors[] | .rate'`;
    const copied = copyableCurl({ method: "GET", path: "/api/admin/metrics/errors?window=1h" }, ORIGIN, trailingPipe(written));
    expect(copied).toBe(`curl -sS 'https://opsdeck.example.com/api/admin/metrics/errors?window=1h' \\\n  -H "Authorization: Bearer $OPSDECK_TOKEN" | jq '.errors[] | .rate'`);
    expect(trailingPipe("curl http://localhost:3000/api/health")).toBe("");
  });
});
