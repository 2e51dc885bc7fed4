import { sseFrame } from "@/lib/api/sse-frame";
import { evaluateAll, type Environment } from "@/lib/flags/evaluate";
import { isOfrepFailure, ofrepBulkEtag, ofrepEvaluate, type OfrepContext } from "@/lib/flags/ofrep";
import type { FeatureFlag, FlagSnapshotBody } from "@/lib/flags/schemas";

/**
 * One flag set as the edge serves it. Everything a caller can ask for is serialised at most once
 * per set: the snapshot and stream frame up front, each user's bulk answers on first request (a
 * bounded map, dropped with the set). Evaluation is lib/flags' own code; only the JSON is cached.
 */
const MAX_CACHED_ANSWERS = 20_000;

export interface CachedAnswer {
  status: number;
  body: Buffer;
  etag?: string;
}

function boundedCache() {
  const map = new Map<string, CachedAnswer>();
  return (key: string, make: () => CachedAnswer): CachedAnswer => {
    let answer = map.get(key);
    if (!answer) {
      answer = make();
      if (map.size >= MAX_CACHED_ANSWERS) map.delete(map.keys().next().value as string);
      map.set(key, answer);
    }
    return answer;
  };
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

export class EdgeFlagSet {
  readonly etag: string;
  readonly flags: FeatureFlag[];
  readonly snapshotBody: Buffer;
  readonly streamFrame: Buffer;
  private readonly byName: Map<string, FeatureFlag>;
  private readonly evaluations = boundedCache();
  private readonly ofrepBulkAnswers = boundedCache();
  private readonly ofrepSingleAnswers = boundedCache();

  constructor(snapshot: FlagSnapshotBody) {
    this.etag = snapshot.etag;
    this.flags = snapshot.flags;
    this.byName = new Map(snapshot.flags.map((flag) => [flag.name, flag]));
    const body = JSON.stringify(snapshot);
    this.snapshotBody = Buffer.from(body);
    this.streamFrame = Buffer.from(sseFrame("flags", snapshot.etag, body));
  }

  /** GET /api/flags/evaluate: lib/flags/service.ts's evaluateForUser, on this set. */
  evaluation(userId: string | undefined, env: Environment | undefined): CachedAnswer {
    return this.evaluations(`${userId ?? ""}\u0000${env ?? ""}`, () => ({
      status: 200,
      body: json({ userId: userId ?? null, env: env ?? null, flags: evaluateAll(this.flags, userId, env) }),
    }));
  }

  /** POST /ofrep/v1/evaluate/flags: lib/flags/http.ts's ofrepBulkReply, on this set. */
  ofrepBulk(context: OfrepContext): CachedAnswer {
    return this.ofrepBulkAnswers(`${context.targetingKey ?? ""}\u0000${context.env ?? ""}`, () => ({
      status: 200,
      etag: ofrepBulkEtag(this.etag, context),
      body: json({ flags: this.flags.map((flag) => ofrepEvaluate(flag.name, flag, context)) }),
    }));
  }

  /** POST /ofrep/v1/evaluate/flags/{key}: lib/flags/http.ts's ofrepSingleReply, on this set. */
  ofrepSingle(key: string, context: OfrepContext): CachedAnswer {
    const make = (): CachedAnswer => {
      const answer = ofrepEvaluate(key, this.byName.get(key), context);
      if (isOfrepFailure(answer)) return { status: answer.errorCode === "FLAG_NOT_FOUND" ? 404 : 400, body: json(answer) };
      return { status: 200, body: json({ ...answer, cacheable: false }) };
    };
    // Unknown keys are not cached: a caller could otherwise fill the cache with names that do not exist.
    if (!this.byName.has(key)) return make();
    return this.ofrepSingleAnswers(`${key}\u0000${context.targetingKey ?? ""}\u0000${context.env ?? ""}`, make);
  }
}
