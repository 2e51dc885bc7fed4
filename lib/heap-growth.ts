import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets the old generation grow past its live size before it marks again: 50 %.
 * V8 derives this factor from the heap limit — about 1.35× under the image's
 * `--max-old-space-size=384`, 4× only from 2 GB — so the limit the soak chose for memory also made
 * the collector mark (concurrently, on threads that take the same two cores) whenever the ingest
 * path's queued batches grew the heap by a third. The limit still bounds the heap; this only
 * spaces the marking. Measured (README, under the write path): Opsdeck's CPU a point on ingest
 * 1.32–1.36 µs at 50 %, 1.56–1.74 at V8's factor, 1.25–1.31 at 100 %; the soak's RSS 349–358 MB
 * at 50 %, 308–327 at V8's factor, 419–430 at 100 %.
 * A node flag that NODE_OPTIONS does not accept, hence set here: V8 reads it each time it sizes
 * the heap, and node keeps V8's flags writable after start-up (--no-freeze-flags-after-init).
 */
export function spaceOutHeapMarking(): void {
  setFlagsFromString("--heap-growing-percent=50");
}
