/**
 * Pure flag evaluation: no I/O, no clock, no randomness. The server, the SDK and the pages run
 * this same code, so a user gets the same answer wherever and whenever they are evaluated.
 */

export const ENVIRONMENTS = ["dev", "staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** What evaluation needs of a flag (the stored flag has more: description, metadata, version…). */
export interface EvaluableFlag {
  name: string;
  enabled: boolean;
  rolloutPercentage: number;
  targetUsers: string[];
  /** Off for these users, whatever else applies. Optional: seed 000's JSON has no such field. */
  excludedUsers?: string[];
  targetEnvironments: Environment[];
  archived?: boolean;
}

export type ReasonCode =
  | "archived"
  | "disabled"
  | "environment_not_targeted"
  | "user_excluded"
  | "user_targeted"
  | "fully_rolled_out"
  | "in_rollout"
  | "outside_rollout"
  | "no_user_id";

export interface Evaluation {
  enabled: boolean;
  reason: string;
  reasonCode: ReasonCode;
  /** The user's bucket for this flag (0 ≤ bucket < 100), when one was computed. */
  bucket?: number;
}

/**
 * MurmurHash3 (x86, 32-bit) over the text's UTF-8 bytes: the same bytes on every platform, so
 * buckets never depend on where the code runs.
 */
export function murmur3(text: string, seed = 0): number {
  const bytes = utf8(text);
  const length = bytes.length;
  let h = seed >>> 0;
  const blocks = length >>> 2;
  for (let i = 0; i < blocks; i++) {
    const offset = i * 4;
    let k =
      (bytes[offset] as number) |
      ((bytes[offset + 1] as number) << 8) |
      ((bytes[offset + 2] as number) << 16) |
      ((bytes[offset + 3] as number) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = blocks * 4;
  switch (length & 3) {
    case 3:
      k ^= (bytes[tail + 2] as number) << 16;
    // falls through
    case 2:
      k ^= (bytes[tail + 1] as number) << 8;
    // falls through
    case 1:
      k ^= bytes[tail] as number;
      k = Math.imul(k, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const encoder = new TextEncoder();
// Flag names and user ids are almost always ASCII: copy their char codes into a reused buffer
// instead of allocating through TextEncoder on every evaluation (a hot path in every service).
let scratch = new Uint8Array(256);

function utf8(text: string): Uint8Array {
  if (text.length > scratch.length) scratch = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return encoder.encode(text);
    scratch[i] = code;
  }
  return scratch.subarray(0, text.length);
}

/**
 * The user's bucket for a flag, 0.00 … 99.99. The flag name is part of the hash input, so each
 * flag orders users differently: being an early user of one rollout says nothing about another.
 */
export function bucketOf(flagName: string, userId: string): number {
  return (murmur3(`${flagName}:${userId}`) % 10_000) / 100;
}

/**
 * Evaluates a flag for a user in an environment. The order is the documented one:
 * archived/disabled → off; environment not targeted → off; excluded user → off; targeted user → on;
 * then the rollout. An exclusion wins over a target: it is the narrower, deliberate statement.
 *
 * Rules for missing context:
 * - No environment: a flag that targets environments is off (we cannot tell it is targeted);
 *   a flag with no environment list applies everywhere.
 * - No user id: a flag at 100 % is on and at 0 % off for everyone; a partial rollout cannot place an
 *   anonymous caller in a bucket, so it answers off ("no_user_id") rather than a random answer
 *   (OFREP reports this case as TARGETING_KEY_MISSING).
 */
export function evaluateFlag(flag: EvaluableFlag, userId?: string | null, environment?: string | null): Evaluation {
  if (flag.archived) return { enabled: false, reasonCode: "archived", reason: "archived" };
  if (!flag.enabled) return { enabled: false, reasonCode: "disabled", reason: "disabled" };
  if (flag.targetEnvironments.length > 0 && !flag.targetEnvironments.includes(environment as Environment)) {
    return {
      enabled: false,
      reasonCode: "environment_not_targeted",
      reason: environment ? `environment not targeted (${environment})` : "environment not targeted (none given)",
    };
  }
  if (userId && flag.excludedUsers?.includes(userId)) {
    return { enabled: false, reasonCode: "user_excluded", reason: "user excluded" };
  }
  if (userId && flag.targetUsers.includes(userId)) {
    return { enabled: true, reasonCode: "user_targeted", reason: "user targeted" };
  }
  if (flag.rolloutPercentage >= 100) return { enabled: true, reasonCode: "fully_rolled_out", reason: "fully rolled out (100 %)" };
  if (flag.rolloutPercentage <= 0) return { enabled: false, reasonCode: "outside_rollout", reason: "outside rollout (0 %)" };
  if (!userId) {
    return {
      enabled: false,
      reasonCode: "no_user_id",
      reason: `no user id: a ${flag.rolloutPercentage} % rollout only applies to identified users`,
    };
  }
  const bucket = bucketOf(flag.name, userId);
  const shown = bucket.toFixed(2).replace(/\.?0+$/, "");
  if (bucket < flag.rolloutPercentage) {
    return { enabled: true, reasonCode: "in_rollout", reason: `in rollout (bucket ${shown} < ${flag.rolloutPercentage})`, bucket };
  }
  return { enabled: false, reasonCode: "outside_rollout", reason: `outside rollout (bucket ${shown} ≥ ${flag.rolloutPercentage})`, bucket };
}

/** Every flag's answer for one user and environment (seed 000's evaluateFlags). */
export function evaluateAll(
  flags: Iterable<EvaluableFlag>,
  userId?: string | null,
  environment?: string | null,
): Record<string, Evaluation> {
  const result: Record<string, Evaluation> = {};
  for (const flag of flags) if (!flag.archived) result[flag.name] = evaluateFlag(flag, userId, environment);
  return result;
}
