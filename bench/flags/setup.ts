import { systemActor } from "@/lib/audit";
import { createApiToken } from "@/lib/auth/tokens";
import { closeDatabase } from "@/lib/db";
import { createFlag } from "@/lib/flags/service";
import { apiPaths } from "@/lib/api/catalog";
import { updateRateLimitConfig } from "@/lib/ratelimit/settings";
import { createTestDatabase } from "@/scripts/test/database";

/** A fresh database with 20 flags in varied stages and an admin token, for the benches. */
export async function benchDatabase(label: string) {
  const database = await createTestDatabase(label);
  process.env.DATABASE_URL = database.url;
  const actor = systemActor("bench");
  for (let i = 0; i < 20; i++) {
    await createFlag(
      {
        name: `bench_flag_${i}`,
        description: "",
        enabled: i % 7 !== 0,
        rolloutPercentage: [0, 10, 50, 100][i % 4] as number,
        targetUsers: i % 3 === 0 ? ["admin1", "admin2"] : [],
        targetEnvironments: i % 5 === 0 ? ["staging", "production"] : [],
        metadata: {},
      },
      actor,
    );
  }
  // The benches measure flags, not Opsdeck's own API limits (100 requests a minute per route by default).
  await updateRateLimitConfig({ defaultRouteLimit: { requestsPerMinute: 100_000, burst: 100_000 }, plans: { free: 1_000, pro: 10_000, enterprise: 100_000_000 } }, actor, apiPaths);
  const { token } = await createApiToken({ name: "bench", role: "admin" }, actor);
  await closeDatabase();
  return { url: database.url, token, drop: () => database.drop() };
}
