import type { SeriesLine, SeriesName, SeriesResponse } from "@/lib/metrics/schemas";
import { targets } from "@/lib/metrics/targets";
import { looksLikeLeak } from "@/lib/metrics/view-state";

export const POOLS_PAGE_SERIES: SeriesName[] = ["pool_utilisation", "pool_queued", "pool_connections"];

/** One pool's figures over the window, prepared for the Pools page. */
export interface PoolSummary {
  /** `service/pool`, the lines' id. */
  id: string;
  service: string;
  pool: string;
  maxConnections: number | null;
  peakQueued: number | null;
  latestUtilisation: number | null;
  /** More than 5 requests queued at some point in the window (seed 001). */
  queueWarning: boolean;
  /** Active connections climbed through the window instead of following load. */
  leakSuspected: boolean;
}

const values = (line: SeriesLine | undefined) => line?.points.map((point) => point.value) ?? [];
const known = (list: Array<number | null>) => list.filter((value): value is number => value !== null);

export function summarisePools(utilisation: SeriesResponse | undefined, queued: SeriesResponse | undefined, connections: SeriesResponse | undefined): PoolSummary[] {
  const ids = new Set([...(utilisation?.lines ?? []), ...(queued?.lines ?? [])].map((line) => line.id));
  for (const line of connections?.lines ?? []) ids.add(line.id.replace(/ (active|max)$/, ""));
  return [...ids].sort().map((id) => {
    const find = (response: SeriesResponse | undefined, lineId: string) => response?.lines.find((line) => line.id === lineId);
    const [service = id, pool = ""] = id.split("/");
    const max = known(values(find(connections, `${id} max`)));
    const peak = known(values(find(queued, id)));
    const usage = known(values(find(utilisation, id)));
    return {
      id,
      service,
      pool,
      maxConnections: max.length ? Math.max(...max) : null,
      peakQueued: peak.length ? Math.max(...peak) : null,
      latestUtilisation: usage.length ? (usage[usage.length - 1] as number) : null,
      queueWarning: peak.some((value) => value > targets.poolQueued.warnAbove),
      leakSuspected: looksLikeLeak(values(find(connections, `${id} active`))),
    };
  });
}
