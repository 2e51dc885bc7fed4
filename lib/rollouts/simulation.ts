/**
 * Seeded simulations of guarded stages, shared by the unit test (A/A false-rollback rate, power)
 * and bench/rollouts. Pure: the randomness comes from a seeded generator.
 */
import { evaluateGuard } from "@/lib/rollouts/decide";
import type { Guard } from "@/lib/rollouts/schemas";
import { addToArm, emptyArm } from "@/lib/rollouts/statistics";

/** mulberry32: a small, fast, seedable generator (uniform on [0, 1)). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface ErrorRateRun {
  treatmentRate: number;
  controlRate: number;
  /** Requests per arm between two looks (the evaluator's tick). */
  perLook: number;
  maxPerArm: number;
  guard: Guard;
  alpha?: number;
  tuningSamples?: number;
}

/** One plan's stage watched look after look: the requests per arm when the guard first failed, or null. */
export function simulateErrorRateStage(run: ErrorRateRun, random: () => number): number | null {
  const treatment = emptyArm();
  const control = emptyArm();
  for (let seen = run.perLook; seen <= run.maxPerArm; seen += run.perLook) {
    let treatmentErrors = 0;
    let controlErrors = 0;
    for (let i = 0; i < run.perLook; i++) {
      if (random() < run.treatmentRate) treatmentErrors++;
      if (random() < run.controlRate) controlErrors++;
    }
    addToArm(treatment, 1, treatmentErrors);
    addToArm(treatment, 0, run.perLook - treatmentErrors);
    addToArm(control, 1, controlErrors);
    addToArm(control, 0, run.perLook - controlErrors);
    const result = evaluateGuard(run.guard, 0, { users: { treatment: 0, control: 0 }, metrics: { error_rate: { treatment, control } }, unavailable: {} }, run.alpha ?? 0.05, run.tuningSamples ?? 2_000);
    if (result.status === "fail") return seen;
  }
  return null;
}

export interface RunSummary {
  plans: number;
  failed: number;
  rate: number;
  /** Median requests per arm at detection, over the plans that failed. */
  medianSamples: number | null;
}

export function simulateMany(run: ErrorRateRun, plans: number, seed: number): RunSummary {
  const random = seededRandom(seed);
  const detections: number[] = [];
  for (let i = 0; i < plans; i++) {
    const at = simulateErrorRateStage(run, random);
    if (at !== null) detections.push(at);
  }
  detections.sort((a, b) => a - b);
  return {
    plans,
    failed: detections.length,
    rate: detections.length / plans,
    medianSamples: detections.length ? (detections[Math.floor((detections.length - 1) / 2)] as number) : null,
  };
}
