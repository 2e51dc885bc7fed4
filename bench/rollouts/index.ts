/**
 * Guarded rollouts: how fast a regression is caught, how often a healthy rollout is wrongly rolled
 * back, and what one evaluation tick costs. Prints its figures.
 *   npx tsx bench/rollouts/index.ts
 * Peers, side by side: the same looks judged by a plain two-proportion z-test at p < 0.05 each time
 * (what a dashboard threshold amounts to when someone — or something — checks it every tick); and
 * for the tick, the same per-user aggregation read out of the spans' JSON, as the evaluator did
 * before exposures were picked out at ingestion (flag_exposures).
 */
import { randomBytes } from "node:crypto";
import { systemActor } from "@/lib/audit";
import { closeDatabase, db } from "@/lib/db";
import { createFlag } from "@/lib/flags/service";
import { evaluatePlans } from "@/lib/rollouts/evaluator";
import { readObservations } from "@/lib/rollouts/exposures";
import { createPlan } from "@/lib/rollouts/plans";
import type { Guard } from "@/lib/rollouts/schemas";
import { seededRandom, simulateMany } from "@/lib/rollouts/simulation";
import { normalCdf } from "@/lib/rollouts/statistics";
import { CONTEXT_ID, EXPOSURE_EVENT, FLAG_KEY } from "@/lib/traces/flag-exposures";
import type { StoredSpan } from "@/lib/traces/otlp";
import { storeSpans } from "@/lib/traces/store";
import { percentile } from "@/bench/measure";
import { createTestDatabase } from "@/scripts/test/database";

const TICK_SECONDS = 15;
const guard: Guard = { metric: "error_rate", direction: "higher_is_worse", relativeMargin: 0, action: "rollback" };

/** The peer: a fresh z-test at every look; returns the fraction of plans it ever "rolls back". */
function naiveZTest(treatmentRate: number, controlRate: number, perLook: number, maxPerArm: number, plans: number, seed: number) {
  const random = seededRandom(seed);
  let failed = 0;
  const detections: number[] = [];
  for (let plan = 0; plan < plans; plan++) {
    let t = 0;
    let c = 0;
    for (let n = perLook; n <= maxPerArm; n += perLook) {
      for (let i = 0; i < perLook; i++) {
        if (random() < treatmentRate) t++;
        if (random() < controlRate) c++;
      }
      const pooled = (t + c) / (2 * n);
      const se = Math.sqrt(2 * pooled * (1 - pooled) / n) || 1;
      if (n >= 100 && 1 - normalCdf((t - c) / n / se) < 0.05) {
        failed++;
        detections.push(n);
        break;
      }
    }
  }
  return { rate: failed / plans, medianSamples: detections.length ? percentile(detections, 50) : null };
}

console.log("== time to detect an error-rate regression 1 % → 5 % (median over 500 seeded plans, looks every 15 s tick)");
for (const perSecond of [10, 1]) {
  const perLook = perSecond * TICK_SECONDS;
  const maxPerArm = perSecond * 3600 * 4;
  const ours = simulateMany({ treatmentRate: 0.05, controlRate: 0.01, perLook, maxPerArm, guard }, 500, 11);
  const peer = naiveZTest(0.05, 0.01, perLook, maxPerArm, 500, 11);
  const minutes = (samples: number | null) => (samples === null ? "—" : (samples / perSecond / 60).toFixed(1));
  console.log(`  ${perSecond} request/s per arm: mixture SPRT ${ours.medianSamples} samples per arm = ${minutes(ours.medianSamples)} min (power ${ours.rate}); naive z-test ${peer.medianSamples} samples = ${minutes(peer.medianSamples)} min`);
}

console.log("== A/A false-rollback rate (1 % both arms, 1,000 plans, looked at every 150 requests per arm up to 30,000)");
const aa = simulateMany({ treatmentRate: 0.01, controlRate: 0.01, perLook: 150, maxPerArm: 30_000, guard }, 1_000, 20261201);
const aaPeer = naiveZTest(0.01, 0.01, 150, 30_000, 1_000, 20261201);
console.log(`  mixture SPRT: ${(aa.rate * 100).toFixed(1)} % (α = 5 %); naive z-test at every look: ${(aaPeer.rate * 100).toFixed(1)} %`);

console.log("== one evaluation tick with 100 active plans over stored spans");
const database = await createTestDatabase("bench_rollouts");
process.env.DATABASE_URL = database.url;
const actor = systemActor("bench");
const PLANS = 100;
const REQUESTS_PER_PLAN = 400;
const started = Date.now() - 10 * 60_000;
for (let i = 0; i < PLANS; i++) {
  const name = `bench_rollout_${i}`;
  await createFlag({ name, description: "", enabled: false, rolloutPercentage: 0, targetUsers: [], targetEnvironments: [], metadata: {} }, actor);
  await createPlan(name, { template: "demo-fast", service: `svc-${i % 10}`, startAt: new Date(started).toISOString(), stages: [{ percentage: 50, minDwellMinutes: 1440, minSamplePerArm: 100 }, { percentage: 100, minDwellMinutes: 1, minSamplePerArm: 0 }] }, actor);
}
await evaluatePlans({ nowMs: started });
const spans: StoredSpan[] = [];
const random = seededRandom(5);
for (let i = 0; i < PLANS; i++) {
  for (let r = 0; r < REQUESTS_PER_PLAN; r++) {
    const startNs = BigInt(started + 1_000 + Math.floor(random() * 500_000)) * 1_000_000n;
    spans.push({
      traceId: randomBytes(16).toString("hex"),
      spanId: randomBytes(8).toString("hex"),
      parentSpanId: null,
      name: "GET /",
      service: `svc-${i % 10}`,
      kind: 2,
      startNs,
      durationNs: BigInt(Math.floor(20e6 + random() * 30e6)),
      statusCode: random() < 0.01 ? 2 : 0,
      statusMessage: null,
      attributes: { "http.route": "/" },
      events: [{ name: EXPOSURE_EVENT, timeNs: startNs.toString(), attributes: { [FLAG_KEY]: `bench_rollout_${i}`, [CONTEXT_ID]: `user-${r}`, "feature_flag.result.value": true } }],
      links: [],
      resource: { "service.name": `svc-${i % 10}` },
      scope: {},
    });
  }
}
// Unrelated traffic the exposure query must skip: as many spans again without any flag.
for (let i = 0; i < PLANS * REQUESTS_PER_PLAN; i++) {
  spans.push({ ...(spans[i] as StoredSpan), traceId: randomBytes(16).toString("hex"), spanId: randomBytes(8).toString("hex"), events: [] });
}
for (let offset = 0; offset < spans.length; offset += 5_000) await storeSpans(spans.slice(offset, offset + 5_000));
await db().$executeRawUnsafe("ANALYZE trace_spans");
await db().$executeRawUnsafe("ANALYZE flag_exposures");

/** The peer: exposures read out of every span's events and attributes at each tick. */
const FROM_SPAN_JSON = `
WITH wanted AS (SELECT * FROM unnest($1::text[], $2::timestamptz[]) AS w(flag, since)),
exposures AS (
  SELECT DISTINCT ON (w.flag, s.trace_id) w.flag, s.trace_id, e.attrs->>'${CONTEXT_ID}' AS user_id, s.status_code, s.duration_ns
  FROM trace_spans s
  CROSS JOIN LATERAL (
    SELECT ev->'attributes' AS attrs FROM jsonb_array_elements(s.events) ev WHERE ev->>'name' = '${EXPOSURE_EVENT}'
    UNION ALL SELECT s.attributes WHERE s.attributes ? '${FLAG_KEY}'
  ) e
  JOIN wanted w ON w.flag = e.attrs->>'${FLAG_KEY}' AND s.start_time >= w.since
  WHERE s.start_time >= $3 AND s.start_time < $4 AND (s.events @> '[{"name": "${EXPOSURE_EVENT}"}]' OR s.attributes ? '${FLAG_KEY}')
)
SELECT flag, user_id, count(*)::int AS requests, count(*) FILTER (WHERE status_code = 2)::int AS errors,
  sum(ln(GREATEST(duration_ns, 1000)::float8 / 1e6)) AS log_ms, sum(ln(GREATEST(duration_ns, 1000)::float8 / 1e6) ^ 2) AS log_ms_squared
FROM exposures GROUP BY flag, user_id`;
const flagNames = Array.from({ length: PLANS }, (_, i) => `bench_rollout_${i}`);
const peerTimings: number[] = [];
const queryTimings: number[] = [];
for (let round = 0; round < 3; round++) {
  const peerStarted = performance.now();
  const peerRows = await db().$queryRawUnsafe<unknown[]>(FROM_SPAN_JSON, flagNames, flagNames.map(() => new Date(started)), new Date(started), new Date(started + 9 * 60_000));
  peerTimings.push(performance.now() - peerStarted);
  if (peerRows.length !== PLANS * REQUESTS_PER_PLAN) throw new Error(`the peer found ${peerRows.length} users, expected ${PLANS * REQUESTS_PER_PLAN}`);
  const queryStarted = performance.now();
  const observations = await readObservations(
    flagNames.map((flagName) => ({ flagName, percentage: 50, targetUsers: [], sinceMs: started })),
    new Map(),
    started + 9 * 60_000,
  );
  queryTimings.push(performance.now() - queryStarted);
  const users = [...observations.values()].reduce((sum, seen) => sum + seen.users.treatment + seen.users.control, 0);
  if (users !== PLANS * REQUESTS_PER_PLAN) throw new Error(`the evaluator saw ${users} users, expected ${PLANS * REQUESTS_PER_PLAN}`);
}
console.log(`  the exposure read alone (median of 3): ${percentile(queryTimings, 50).toFixed(0)} ms from flag_exposures; peer, the same from the spans' JSON: ${percentile(peerTimings, 50).toFixed(0)} ms`);
const timings: number[] = [];
for (let tick = 0; tick < 3; tick++) {
  const before = performance.now();
  const result = await evaluatePlans({ nowMs: started + 9 * 60_000 });
  timings.push(performance.now() - before);
  if (result.evaluated !== PLANS) throw new Error(`evaluated ${result.evaluated} plans, expected ${PLANS}`);
}
console.log(`  ${PLANS} plans, ${spans.length.toLocaleString("en")} spans (${(PLANS * REQUESTS_PER_PLAN).toLocaleString("en")} exposed requests): median ${percentile(timings, 50).toFixed(0)} ms, worst ${Math.max(...timings).toFixed(0)} ms per tick (target < 1,000 ms)`);
await closeDatabase();
await database.drop();
