import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** Whether String.prototype is in V8's fast mode after the module is imported, in a fresh Node with natives syntax. */
function stringPrototypeFastAfter(module: string): boolean {
  const script = `await import(${JSON.stringify(module)}); console.log(new Function("o", "return %HasFastProperties(o)")(String.prototype));`;
  return execFileSync(process.execPath, ["--allow-natives-syntax", "--import", "tsx", "--input-type=module", "--eval", script], { encoding: "utf8" }).trim() === "true";
}

describe("ioredis through lib/ioredis", () => {
  it("leaves String.prototype fast, where importing ioredis itself does not", () => {
    // The second half says whether the workaround is still needed: once ioredis stops subclassing String, it fails.
    expect(stringPrototypeFastAfter("./lib/ioredis.ts")).toBe(true);
    expect(stringPrototypeFastAfter("ioredis")).toBe(false);
  });
});
