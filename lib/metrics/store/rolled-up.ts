import type { MetricPoint } from "@/lib/metrics/point";
import { type Piece, planQuery, ROLLUP_RESOLUTIONS, type RollupResolution, rolledUpTags } from "@/lib/metrics/rollup/plan";
import { acceptValue, emptyState, finalise, mergeState, RollupFold, rollUp } from "@/lib/metrics/rollup/state";
import type { GroupState, RollupTable } from "@/lib/metrics/rollup/table";
import { type AggregateQuery, type AggregateRow, type MetricsStore, type RawMetricsStore, sortRows } from "@/lib/metrics/store/types";
import { isCanonicalLines, type MetricsWrite } from "@/lib/metrics/write-batch";

/**
 * A raw store with rollups: every batch is written raw and as 1-minute and 1-hour rollup deltas
 * in one step (for the SQL store one transaction; for InfluxDB the rollups commit only after
 * InfluxDB took the points, so a retried batch is never counted twice), and every query reads the
 * coarsest tier its step allows, raw points only at the unaligned edges of its range.
 *
 * The rollups live in Opsdeck's PostgreSQL for both stores: InfluxQL can aggregate counts, sums,
 * minima and maxima in continuous queries but cannot merge sketches, and keeping sketches in
 * InfluxDB series would mean read-modify-write without transactions (lost updates between
 * Opsdeck instances, late points racing the current bucket). One table and one code path also
 * make both stores answer identically by construction.
 */
export class RolledUpMetricsStore implements MetricsStore {
  readonly kind: MetricsStore["kind"];

  constructor(
    readonly raw: RawMetricsStore,
    readonly rollups: RollupTable,
  ) {
    this.kind = raw.kind;
  }

  rejectsContent(error: unknown): boolean {
    return this.raw.rejectsContent(error);
  }

  /**
   * For ingest, when the raw store writes line protocol as it is: the fold a body's canonical
   * lines go into (see LineProtocolParser); none when it would parse them back, and points are cheaper.
   */
  lineFold(): RollupFold | undefined {
    return this.raw.takesCanonicalLines ? new RollupFold(ROLLUP_RESOLUTIONS, rolledUpTags) : undefined;
  }

  async write(batch: MetricsWrite[]): Promise<void> {
    const points = batch.filter((item): item is MetricPoint => !isCanonicalLines(item));
    // Canonical lines came with their deltas, folded as they were parsed.
    const deltas = rollUp(points, ROLLUP_RESOLUTIONS, rolledUpTags);
    for (const item of batch) if (isCanonicalLines(item)) for (const delta of item.deltas) deltas.push(delta);
    await this.rollups.transaction((client) => Promise.all([this.raw.write(batch, client), this.rollups.insert(client, this.raw.source, deltas)]));
  }

  async aggregate(query: AggregateQuery): Promise<AggregateRow[]> {
    const pieces = planQuery(query);
    // Nothing rolled up serves it (steps under a minute, per-user tags): the store's own exact answer.
    if (pieces.every((piece) => piece.resolutionSeconds === null)) return this.raw.aggregate(query);
    const withSketches = query.aggregates.some((aggregate) => aggregate.fn === "percentile");
    const parts = await Promise.all(pieces.map((piece) => this.readPiece(query, piece, withSketches)));
    const groups = new Map<string, GroupState>();
    for (const part of parts) {
      for (const group of part) {
        const key = `${group.bucketUs}\u0000${query.groupBy.map((tag) => group.tags[tag]).join("\u0000")}`;
        const existing = groups.get(key);
        if (existing) mergeState(existing.state, group.state);
        else groups.set(key, group);
      }
    }
    const rows = [...groups.values()]
      .filter((group) => group.state.count > 0)
      .map((group) => ({
        time: query.stepSeconds === null ? Math.floor(query.fromUs / 1000) : group.bucketUs / 1000,
        tags: group.tags,
        values: query.aggregates.map((aggregate) => finalise(group.state, aggregate)),
      }));
    return sortRows(rows, query.groupBy);
  }

  private async readPiece(query: AggregateQuery, piece: Piece, withSketches: boolean): Promise<GroupState[]> {
    if (piece.resolutionSeconds !== null) {
      return this.rollups.read(this.raw.source, query, piece as Piece & { resolutionSeconds: RollupResolution }, withSketches);
    }
    const values = await this.raw.values({ ...query, fromUs: piece.fromUs, toUs: piece.toUs });
    const stepUs = query.stepSeconds === null ? null : query.stepSeconds * 1_000_000;
    const groupKey = (tags: Record<string, string>) => query.groupBy.map((tag) => tags[tag]).join("\u0000");
    // Folded in one order whatever order the store answered in, so sums agree to the last bit.
    values.sort((a, b) => a.timeUs - b.timeUs || (groupKey(a.tags) < groupKey(b.tags) ? -1 : groupKey(a.tags) > groupKey(b.tags) ? 1 : 0));
    const groups = new Map<string, GroupState>();
    for (const { timeUs, tags, value } of values) {
      const bucketUs = stepUs === null ? query.fromUs : Math.floor(timeUs / stepUs) * stepUs;
      const key = `${bucketUs}\u0000${groupKey(tags)}`;
      let group = groups.get(key);
      if (!group) {
        group = { bucketUs, tags, state: emptyState() };
        groups.set(key, group);
      }
      acceptValue(group.state, value, timeUs);
    }
    return [...groups.values()];
  }
}
