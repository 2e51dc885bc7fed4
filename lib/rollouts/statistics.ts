/**
 * Pure statistics for guarded rollouts: no I/O, no clock, no randomness.
 *
 * The comparison is a one-sided mixture sequential probability ratio test on a Gaussian
 * (asymptotic) statistic, read as a confidence sequence (Howard, Ramdas, McAuliffe & Sekhon 2021,
 * "Time-uniform, nonparametric, nonasymptotic confidence sequences", normal mixture boundary;
 * Waudby-Smith et al. 2023, "Time-uniform central limit theory and asymptotic confidence
 * sequences", for using it on means with estimated variance). The lower bound it gives holds at
 * every sample size at once, so the evaluator may look every few seconds without the
 * false-rollback rate exceeding α (Johari, Pekelis & Walsh 2017, "Always valid inference").
 */

/** Standard normal CDF, through erfc. */
export function normalCdf(z: number): number {
  return 1 - 0.5 * erfc(z / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes' Chebyshev fit; relative error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * log of the one-sided (half-normal) mixture martingale for a statistic S with variance V:
 * ∫₀^∞ exp(λS − λ²V/2) · 2·N(λ; 0, 1/ρ) dλ = 2·√(ρ/(V+ρ)) · exp(S²/(2(V+ρ))) · Φ(S/√(V+ρ)).
 * A mixture of exponential supermartingales is one, so Ville's inequality bounds by α the chance
 * that it ever exceeds 1/α under the null.
 */
export function logMixture(s: number, v: number, rho: number): number {
  const total = v + rho;
  return Math.log(2) + 0.5 * Math.log(rho / total) + (s * s) / (2 * total) + Math.log(Math.max(normalCdf(s / Math.sqrt(total)), 1e-300));
}

/**
 * The smallest S at which the mixture reaches 1/α, for variance V. Φ(·) lies in [½, 1] for S ≥ 0,
 * so the answer lies between the two-sided normal-mixture boundaries (closed form) for 1/(2α) and
 * 1/α; bisection narrows that bracket (the mixture grows with S).
 */
export function mixtureBoundary(v: number, rho: number, alpha: number): number {
  const target = Math.log(1 / alpha);
  const twoSided = (level: number) => Math.sqrt(2 * (v + rho) * (level + 0.5 * Math.log((v + rho) / rho)));
  let low = twoSided(Math.max(target - Math.LN2, 0));
  let high = twoSided(target);
  for (let i = 0; i < 40 && high - low > 1e-7 * high; i++) {
    const mid = (low + high) / 2;
    if (logMixture(mid, v, rho) >= target) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * The mixture precision that makes the boundary tightest near `tuningSamples` observations
 * (Waudby-Smith et al. 2023, eq. for ρ²; here in the statistic's own units). It is fixed before
 * any data is seen — tuning it on the data would void the guarantee.
 */
export function tunedRho(tuningSamples: number, alpha: number): number {
  const l = -2 * Math.log(alpha);
  return tuningSamples / (l + Math.log(1 + l));
}

/** An arm's observations, summarised: counts for rates, sums for means. */
export interface ArmSummary {
  /** Observations (requests). */
  n: number;
  /** Sum of the observed values (errors for a rate, log-milliseconds for latency). */
  sum: number;
  /** Sum of squared values (for a rate this equals `sum`). */
  sumSquares: number;
}

export const emptyArm = (): ArmSummary => ({ n: 0, sum: 0, sumSquares: 0 });

export function addToArm(arm: ArmSummary, value: number, times = 1): void {
  arm.n += times;
  arm.sum += value * times;
  arm.sumSquares += value * value * times;
}

export function mergeArms(into: ArmSummary, other: ArmSummary): void {
  into.n += other.n;
  into.sum += other.sum;
  into.sumSquares += other.sumSquares;
}

export type MeasureKind = "rate" | "mean";

/**
 * Mean and variance of one arm. A rate's variance is p(1−p) with p shrunk towards ½ by half an
 * observation each way, so an arm with no errors yet does not claim zero variance (which would
 * make its first error look infinitely significant).
 */
export function armMoments(arm: ArmSummary, kind: MeasureKind): { mean: number; variance: number } {
  if (arm.n === 0) return { mean: Number.NaN, variance: Number.NaN };
  const mean = arm.sum / arm.n;
  if (kind === "rate") {
    const shrunk = (arm.sum + 0.5) / (arm.n + 1);
    return { mean, variance: shrunk * (1 - shrunk) };
  }
  const variance = arm.n > 1 ? Math.max((arm.sumSquares - arm.n * mean * mean) / (arm.n - 1), 1e-12) : 1;
  return { mean, variance };
}

export interface SequentialResult {
  /** Treatment − control (or treatment alone when there is no control), in the guard's direction of harm. */
  effect: number;
  /** One-sided (1−α) anytime-valid lower bound on the harmful effect. */
  lower: number;
  /** The symmetric upper bound, for the chart's band (the test itself is one-sided). */
  upper: number;
  /** The mixture's log likelihood ratio against "harm ≤ margin"; ≥ log(1/α) rejects. */
  logLikelihoodRatio: number;
  /** True when the data show, at level α, that the harm exceeds the margin. */
  exceeds: boolean;
}

export interface SequentialOptions {
  alpha: number;
  /** Harm allowed before the guard fails: points for a relative rate, log-ratio for latency, the value for an absolute threshold. */
  margin: number;
  /** Observations at which the boundary is tuned to be tightest. */
  tuningSamples: number;
  /** +1 when higher values are worse (errors, latency), −1 when lower values are worse. */
  sign: 1 | -1;
}

/**
 * One-sided anytime-valid test of "treatment is worse than control by more than `margin`".
 * The estimator d̂ has variance v = σt²/nt + σc²/nc; with n = nt + nc and σ̂² = n·v the statistic
 * S = n·(d̂ − margin)/σ̂ has variance n, which is the mixture's clock.
 * With `control` null the same test runs on the treatment alone against an absolute threshold.
 */
export function sequentialTest(treatment: ArmSummary, control: ArmSummary | null, kind: MeasureKind, options: SequentialOptions): SequentialResult | null {
  if (treatment.n === 0 || (control && control.n === 0)) return null;
  const t = armMoments(treatment, kind);
  const c = control ? armMoments(control, kind) : { mean: 0, variance: 0 };
  const n = treatment.n + (control?.n ?? 0);
  const estimatorVariance = t.variance / treatment.n + (control ? c.variance / control.n : 0);
  const sigma = Math.sqrt(n * estimatorVariance);
  const effect = options.sign * (t.mean - c.mean);
  const rho = tunedRho(options.tuningSamples, options.alpha);
  const radius = (mixtureBoundary(n, rho, options.alpha) * sigma) / n;
  const s = (n * (effect - options.margin)) / sigma;
  const logLikelihoodRatio = logMixture(s, n, rho);
  return {
    effect,
    lower: effect - radius,
    upper: effect + radius,
    logLikelihoodRatio,
    exceeds: logLikelihoodRatio >= Math.log(1 / options.alpha),
  };
}

export interface SampleRatioResult {
  treatment: number;
  control: number;
  /** Treatment's expected share of the compared units, 0–1. */
  expectedShare: number;
  chiSquare: number;
  pValue: number;
  mismatch: boolean;
}

/** p below which a split is called broken (GrowthBook's and Microsoft ExP's convention). */
export const SRM_P_VALUE = 0.001;

/**
 * Sample-ratio-mismatch check: Pearson's χ² (1 degree of freedom) of the units seen in each arm
 * against the split the rollout percentage implies. A broken split is not evidence about the
 * change, so a mismatch holds the plan instead of judging it.
 */
export function sampleRatioCheck(treatment: number, control: number, expectedShare: number, threshold = SRM_P_VALUE): SampleRatioResult {
  const total = treatment + control;
  if (total === 0 || expectedShare <= 0 || expectedShare >= 1) {
    return { treatment, control, expectedShare, chiSquare: 0, pValue: 1, mismatch: false };
  }
  const expectedT = total * expectedShare;
  const expectedC = total - expectedT;
  const chiSquare = (treatment - expectedT) ** 2 / expectedT + (control - expectedC) ** 2 / expectedC;
  // χ²₁ survival function: P(X > x) = erfc(√(x/2)).
  const pValue = erfc(Math.sqrt(chiSquare / 2));
  return { treatment, control, expectedShare, chiSquare, pValue, mismatch: pValue < threshold };
}
