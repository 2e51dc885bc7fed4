import { describe, expect, it } from "vitest";
import { simulateMany } from "@/lib/rollouts/simulation";
import type { Guard } from "@/lib/rollouts/schemas";
import { addToArm, emptyArm, erfc, mixtureBoundary, sampleRatioCheck, sequentialTest } from "@/lib/rollouts/statistics";

const relativeGuard: Guard = { metric: "error_rate", direction: "higher_is_worse", relativeMargin: 0, action: "rollback" };
const aa = { treatmentRate: 0.01, controlRate: 0.01, perLook: 100, maxPerArm: 3_000, guard: relativeGuard };

const arm = (n: number, errors: number) => {
  const summary = emptyArm();
  addToArm(summary, 1, errors);
  addToArm(summary, 0, n - errors);
  return summary;
};

describe("the one-sided mixture boundary", () => {
  it("lies between the two-sided closed forms for 1/(2α) and 1/α, and widens slower than the sample", () => {
    const rho = 300;
    for (const v of [10, 100, 1_000, 100_000]) {
      const b = mixtureBoundary(v, rho, 0.05);
      const twoSided = (level: number) => Math.sqrt(2 * (v + rho) * (Math.log(level) + 0.5 * Math.log((v + rho) / rho)));
      expect(b).toBeGreaterThanOrEqual(twoSided(10) - 1e-6);
      expect(b).toBeLessThanOrEqual(twoSided(20) + 1e-6);
    }
    // The radius in mean units (b/V) shrinks as data accumulate.
    expect(mixtureBoundary(10_000, rho, 0.05) / 10_000).toBeLessThan(mixtureBoundary(1_000, rho, 0.05) / 1_000);
  });

  it("erfc matches known values", () => {
    expect(erfc(0)).toBeCloseTo(1, 6);
    expect(erfc(1)).toBeCloseTo(0.157299207, 6);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 6);
  });
});

describe("the sequential comparison of treatment against control", () => {
  it("flags a clear regression, and not a small one within the margin", () => {
    const options = { alpha: 0.05, tuningSamples: 2_000, sign: 1 as const };
    const worse = sequentialTest(arm(2_000, 100), arm(2_000, 20), "rate", { ...options, margin: 0 });
    expect(worse?.exceeds).toBe(true);
    expect(worse?.lower).toBeGreaterThan(0);
    const withinMargin = sequentialTest(arm(2_000, 30), arm(2_000, 20), "rate", { ...options, margin: 0.02 });
    expect(withinMargin?.exceeds).toBe(false);
    expect(sequentialTest(arm(0, 0), arm(10, 0), "rate", { ...options, margin: 0 })).toBeNull();
  });

  it("tests treatment alone against an absolute threshold (seed 000's 5 %)", () => {
    const options = { alpha: 0.05, tuningSamples: 2_000, sign: 1 as const, margin: 0.05 };
    expect(sequentialTest(arm(3_000, 300), null, "rate", options)?.exceeds).toBe(true);
    expect(sequentialTest(arm(3_000, 150), null, "rate", options)?.exceeds).toBe(false);
  });

  it("A/A: over 1,000 seeded plans looked at every 100 requests, at most α roll back", () => {
    const summary = simulateMany(aa, 1_000, 20261201);
    expect(summary.plans).toBe(1_000);
    expect(summary.rate).toBeLessThanOrEqual(0.05);
  });

  it("power table: a 1 % → 5 % regression is caught in (nearly) every plan, well before 3,000 requests per arm", () => {
    const table = [0.02, 0.03, 0.05].map((treatmentRate) => ({ treatmentRate, ...simulateMany({ ...aa, treatmentRate }, 200, 7) }));
    console.table(table.map((row) => ({ control: "1 %", treatment: `${row.treatmentRate * 100} %`, power: row.rate, medianSamplesPerArm: row.medianSamples })));
    const byRate = Object.fromEntries(table.map((row) => [row.treatmentRate, row]));
    expect(byRate[0.05]?.rate).toBeGreaterThanOrEqual(0.99);
    expect(byRate[0.05]?.medianSamples).toBeLessThanOrEqual(600);
    expect(byRate[0.03]?.rate).toBeGreaterThan(byRate[0.02]?.rate ?? 1);
  });
});

describe("the sample-ratio check", () => {
  it("holds on a 52/48 split of 20,000 users expected 50/50, and passes an honest one", () => {
    const skewed = sampleRatioCheck(10_400, 9_600, 0.5);
    expect(skewed.mismatch).toBe(true);
    expect(skewed.pValue).toBeLessThan(0.001);
    expect(sampleRatioCheck(10_050, 9_950, 0.5).mismatch).toBe(false);
    expect(sampleRatioCheck(1_010, 8_990, 0.1).mismatch).toBe(false);
  });
});
