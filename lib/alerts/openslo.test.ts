import { describe, expect, it } from "vitest";
import { DEFAULT_SLOS } from "@/lib/alerts/defaults";
import { exportOpenSlo, importOpenSlo } from "@/lib/alerts/openslo";

const defaults = DEFAULT_SLOS.map(({ defaultKey: _key, ...slo }) => slo);

describe("OpenSLO v1 import and export", () => {
  it("round-trips the default SLOs: export, import, export gives the same YAML and the same SLOs", () => {
    const yaml = exportOpenSlo(defaults);
    expect(yaml).toContain("apiVersion: openslo/v1");
    expect(yaml).toContain("kind: burnrate");
    const imported = importOpenSlo(yaml);
    expect("slos" in imported && imported.slos).toEqual(defaults);
    expect(exportOpenSlo((imported as { slos: typeof defaults }).slos)).toBe(yaml);
  });

  it("refuses documents that do not validate, naming each problem", () => {
    // The first document's objective is out of range; the second asks for a condition Opsdeck does not evaluate.
    const yaml = [exportOpenSlo([defaults[0]!]).replace("target: 0.95", "target: 1.5"), exportOpenSlo([defaults[1]!]).replace("lookbackWindow: 1h", "lookbackWindow: 2h")].join("---\n");
    const result = importOpenSlo(yaml);
    expect("issues" in result).toBe(true);
    const messages = (result as { issues: { message: string }[] }).issues.map((issue) => issue.message).join("\n");
    expect(messages).toMatch(/expected number to be <1/);
    expect(messages).toMatch(/workbook's burn-rate conditions/);
    expect(importOpenSlo("apiVersion: openslo/v2\nkind: SLO\n")).toHaveProperty("issues");
    expect(importOpenSlo("a: [unclosed")).toHaveProperty("issues");
  });

  it("reports an unknown measurement with the names that exist", () => {
    const result = importOpenSlo(exportOpenSlo([defaults[1]!]).replace("measurement: api_request", "measurement: nope"));
    expect(JSON.stringify(result)).toMatch(/unknown measurement \\"nope\\"; known: auth_duration/);
  });
});
