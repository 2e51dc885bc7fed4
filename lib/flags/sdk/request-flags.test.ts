import { describe, expect, it, vi } from "vitest";
import { bucketOf } from "@/lib/flags/evaluate";
import type { FeatureFlag, FlagSnapshotBody } from "@/lib/flags/schemas";
import { FeatureFlagManager } from "@/lib/flags/sdk";
import { Metrics } from "@/lib/metrics/sdk";
import { startLineSink } from "@/scripts/test/line-sink";

/**
 * A service on Opsdeck's SDK: inside `withRequest`, the saga points it records carry the arm of
 * each flag under a release plan that the request evaluated — and no other flag's.
 */
const flag = (name: string, extra: Partial<FeatureFlag> = {}): FeatureFlag => ({
  name,
  description: "",
  enabled: true,
  excludedUsers: [],
  rolloutPercentage: 50,
  targetUsers: [],
  targetEnvironments: [],
  metadata: {},
  version: 1,
  createdAt: "2026-12-01T00:00:00.000Z",
  lastUpdated: "2026-12-01T00:00:00.000Z",
  lastUpdatedBy: "test",
  archived: false,
  ...extra,
});

const snapshot: FlagSnapshotBody = {
  etag: '"one"',
  flags: [flag("new_checkout", { targetUsers: ["vip"] }), flag("dark_mode")],
  guarded: ["new_checkout"],
};

async function service() {
  const flags = new FeatureFlagManager({ baseUrl: "http://opsdeck.test", token: "t", stream: false, pollIntervalMs: 10, fetch: async () => Response.json(snapshot) });
  await flags.ready();
  const sink = await startLineSink();
  const metrics = new Metrics({ url: sink.url, flushOnExit: false, defaultTags: { service: "checkout" } });
  return { flags, metrics, lines: sink.lines, close: async () => Promise.all([flags.close(), metrics.close()]).then(() => sink.close()) };
}

const userIn = (inRollout: boolean) => {
  for (let i = 0; ; i++) if (bucketOf("new_checkout", `user-${i}`) < 50 === inRollout) return `user-${i}`;
};

describe("metric points inside a request", () => {
  it("carry ff.<flag> = on | off for the guarded flags the request evaluated, and only those", async () => {
    const { flags, metrics, lines, close } = await service();
    const handle = (userId: string, transactionId: string) =>
      flags.withRequest(async () => {
        const treated = flags.isEnabled("new_checkout", userId);
        flags.isEnabled("dark_mode", userId);
        // Requests interleave: each keeps its own answers across the await.
        await new Promise((resolve) => setTimeout(resolve, 5));
        metrics.recordSagaTransaction(transactionId, 120, treated ? "compensation" : "success");
      });
    await Promise.all([handle(userIn(true), "tx-treated"), handle(userIn(false), "tx-control"), handle("vip", "tx-target")]);
    metrics.recordSagaTransaction("tx-outside", 90, "success");
    await metrics.flush();
    await close();

    const line = (id: string) => lines.find((candidate) => candidate.includes(`transactionId=${id}`)) ?? "";
    expect(line("tx-treated")).toContain("ff.new_checkout=on");
    expect(line("tx-control")).toContain("ff.new_checkout=off");
    // Target users are in neither arm, as on the span path.
    expect(line("tx-target")).toContain("ff.new_checkout=target");
    // Outside a request nothing is tagged; a flag without a plan never is.
    expect(line("tx-outside")).not.toContain("ff.");
    expect(lines.join("\n")).not.toContain("ff.dark_mode");
    expect(line("tx-treated")).toContain("service=checkout");
  });

  it("stops tagging a flag once the snapshot no longer names it guarded", async () => {
    const { flags, metrics, lines, close } = await service();
    expect(flags.guardedFlags()).toEqual(["new_checkout"]);
    snapshot.guarded = [];
    // The next poll brings the plan's end.
    await vi.waitFor(() => expect(flags.guardedFlags()).toEqual([]));
    flags.withRequest(() => {
      flags.isEnabled("new_checkout", userIn(true));
      metrics.recordSagaTransaction("tx-after", 100, "success");
    });
    await metrics.flush();
    await close();
    snapshot.guarded = ["new_checkout"];
    expect(lines.find((candidate) => candidate.includes("transactionId=tx-after"))).not.toContain("ff.");
  });
});
