import { CircuitBreaker, type BreakerSnapshot } from "@/lib/resilience/circuit-breaker";

export interface BufferedWriterOptions<T = unknown> {
  /**
   * What an item counts for in batches, the capacity and the stats (default 1): an item may stand
   * for many (a body's lines). A batch stops before the item that would take it past `batchSize`.
   */
  weigh?: (item: T) => number;
  /** An item of several, as items of one each (for isolating a bad one), or null when it cannot be split. */
  split?: (item: T) => T[] | null;
  /** Most weight sent in one request. */
  batchSize?: number;
  /**
   * Batches in flight at once (default 1). Two let the next batch be prepared and sent while the
   * destination is still writing the last; items carry their own timestamps, so the order in which
   * batches land does not matter to a store.
   */
  concurrency?: number;
  /** Most weight kept while the destination is unreachable; beyond it the oldest items are dropped. */
  capacity?: number;
  flushIntervalMs?: number;
  /**
   * Once started: how long a partial batch waits for more items before it is sent (as Kafka's
   * linger.ms), or unset to leave it to the interval. A steady stream then goes out in full
   * batches, and a lone item still leaves within this time.
   */
  lingerMs?: number;
  /** Backoff between retries after a failure: doubles from the first value up to the second. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  breaker?: CircuitBreaker;
  /**
   * True for an error the destination gave because of what a batch holds (a value it cannot store),
   * not because it is unreachable. Such a batch is split until the bad items are found; they are
   * dropped and counted, the rest is written, and the breaker does not count it as a failure.
   */
  isRejectedContent?: (error: unknown) => boolean;
  /** How an item shows in the sample of the last rejection (logs, health). */
  describe?: (item: T) => string;
  /** Told of each dropped item (the store's log line). */
  onReject?: (rejection: Rejection) => void;
}

export interface Rejection {
  reason: string;
  sample: string;
  at: string;
}

/** In weight (see BufferedWriterOptions.weigh). */
export interface WriterStats {
  buffered: number;
  capacity: number;
  dropped: number;
  written: number;
  /** Items the destination refused for their content, dropped so they never block the rest. */
  rejected: number;
  lastRejection: Rejection | null;
  breaker: BreakerSnapshot;
}

/**
 * Batches writes to a destination that may be away (InfluxDB, PostgreSQL, Opsdeck's ingest).
 * Items wait in a bounded buffer; a failed batch goes back to the front and is retried with
 * exponential backoff, through seed 004's circuit breaker so a dead destination costs a request
 * nothing. Writers never throw at their callers: the buffer and its drop count are the signal.
 */
export class BufferedWriter<T> {
  private buffer: T[] = [];
  /** The weight of `buffer`'s items. */
  private bufferedWeight = 0;
  private inFlight = 0;
  private dropped = 0;
  private written = 0;
  private rejected = 0;
  private lastRejection: Rejection | null = null;
  private backoffMs = 0;
  private retryAt = 0;
  /** The sends under way: how many, whether one failed, and the promise `flush` answers until all end. */
  private run: { sending: number; failed: boolean; done: Promise<void>; end: () => void } | null = null;
  /** Callers of drainedTo waiting for the buffer to shrink. */
  private waiters: Array<{ maxBuffered: number; resolve: () => void }> = [];
  private timer: NodeJS.Timeout | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;
  private readonly weigh: (item: T) => number;
  private readonly split: (item: T) => T[] | null;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly capacity: number;
  private readonly flushIntervalMs: number;
  private readonly lingerMs: number | undefined;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private readonly isRejectedContent: (error: unknown) => boolean;
  private readonly describe: (item: T) => string;
  private readonly onReject?: (rejection: Rejection) => void;
  readonly breaker: CircuitBreaker;

  constructor(
    name: string,
    private readonly send: (batch: T[]) => Promise<void>,
    options: BufferedWriterOptions<T> = {},
  ) {
    this.weigh = options.weigh ?? (() => 1);
    this.split = options.split ?? (() => null);
    this.batchSize = options.batchSize ?? 5_000;
    this.concurrency = options.concurrency ?? 1;
    this.capacity = options.capacity ?? 100_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 1_000;
    this.lingerMs = options.lingerMs;
    this.retryInitialMs = options.retryInitialMs ?? 500;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.breaker = options.breaker ?? new CircuitBreaker(name);
    this.isRejectedContent = options.isRejectedContent ?? (() => false);
    this.describe = options.describe ?? ((item) => JSON.stringify(item));
    this.onReject = options.onReject;
  }

  /** Queues items; a full batch is sent at once, the rest once they lingered (see lingerMs) or on the next interval. */
  add(items: T[]): void {
    for (const item of items) this.buffer.push(item);
    this.bufferedWeight += this.weightOf(items);
    this.enforceCapacity();
    if (this.bufferedWeight >= this.batchSize && Date.now() >= this.retryAt) void this.flush();
    else if (this.lingerMs !== undefined && this.lingerTimer === null && this.timer !== null) {
      this.lingerTimer = setTimeout(() => {
        this.lingerTimer = null;
        void this.flush();
      }, this.lingerMs);
      this.lingerTimer.unref();
    }
  }

  /**
   * Sends everything buffered now (unless backing off after a failure); resolves when done or
   * failed. A send starts when none is running, and another (up to `concurrency`) while a full
   * batch waits behind the running ones, so extra sends never go out with a few items each.
   */
  flush(options: { ignoreBackoff?: boolean } = {}): Promise<void> {
    if (!options.ignoreBackoff && Date.now() < this.retryAt) return Promise.resolve();
    while (this.buffer.length > 0 && (this.run === null || (!this.run.failed && this.run.sending < this.concurrency && this.bufferedWeight >= this.batchSize))) {
      this.startSending();
    }
    return this.run?.done ?? Promise.resolve();
  }

  private startSending(): void {
    if (this.run === null) {
      let end = () => {};
      const done = new Promise<void>((resolve) => (end = resolve));
      this.run = { sending: 0, failed: false, done, end };
    }
    const run = this.run;
    const first = run.sending === 0;
    run.sending++;
    void this.drainBatches(run, first).finally(() => {
      run.sending--;
      if (run.sending > 0) return;
      this.run = null;
      this.wakeWaiters(true);
      run.end();
    });
  }

  /**
   * Resolves once at most `maxBuffered` (in weight) is buffered, or at once when no flush is running (the writer
   * is backing off after a failure, and the buffer holds the items through it): backpressure for a
   * fast producer that must not wait for the whole queue to drain, only for it to be short again.
   */
  drainedTo(maxBuffered: number): Promise<void> {
    if (this.run === null || this.stats().buffered <= maxBuffered) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ maxBuffered, resolve }));
  }

  private wakeWaiters(all: boolean): void {
    const buffered = this.stats().buffered;
    const ready = all ? this.waiters : this.waiters.filter((waiter) => buffered <= waiter.maxBuffered);
    if (ready.length === 0) return;
    this.waiters = all ? [] : this.waiters.filter((waiter) => buffered > waiter.maxBuffered);
    for (const waiter of ready) waiter.resolve();
  }

  /** Flushes on an interval until stopped; the timer never keeps the process alive. */
  start(): this {
    this.timer ??= setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
    return this;
  }

  /**
   * Stops the interval and flushes. With `retryForMs`, failed batches are retried (after the
   * backoff, shortened to fit) until everything is written or that time is up; what is still
   * unwritten then is counted in `dropped` and let go, so the stats say what was lost. Without it,
   * one attempt, and the buffer keeps what it could not write.
   */
  async stop(options: { retryForMs?: number } = {}): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    await this.flush({ ignoreBackoff: true });
    if (options.retryForMs === undefined) return;
    const deadline = Date.now() + options.retryForMs;
    while (this.buffer.length > 0 && Date.now() < deadline) {
      const waitMs = Math.max(0, Math.min(this.retryAt, deadline) - Date.now());
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      await this.flush({ ignoreBackoff: true });
    }
    this.dropped += this.bufferedWeight;
    this.buffer = [];
    this.bufferedWeight = 0;
  }

  stats(): WriterStats {
    return {
      buffered: this.bufferedWeight + this.inFlight,
      capacity: this.capacity,
      dropped: this.dropped,
      written: this.written,
      rejected: this.rejected,
      lastRejection: this.lastRejection,
      breaker: this.breaker.snapshot(),
    };
  }

  /**
   * Sends batch after batch until the buffer is empty or a send of the run fails; a send beyond
   * the first stops when less than a full batch is left, for the first to take — unless it is the
   * last one sending (the first ended while it was busy): then it takes the rest, which would
   * otherwise wait for the next interval.
   */
  private async drainBatches(run: { failed: boolean; sending: number }, first: boolean): Promise<void> {
    while (this.buffer.length > 0 && !run.failed && (first || this.bufferedWeight >= this.batchSize || run.sending === 1)) {
      const batch = this.takeBatch();
      const weight = this.weightOf(batch);
      this.inFlight += weight;
      try {
        await this.sendIsolatingBadItems(batch);
        if (!run.failed) {
          this.backoffMs = 0;
          this.retryAt = 0;
        }
      } catch (error) {
        const unsent = (error as UnsentItems<T>).items;
        this.buffer.unshift(...unsent);
        this.bufferedWeight += this.weightOf(unsent);
        // One backoff step per failed run, however many of its batches failed.
        if (!run.failed) {
          run.failed = true;
          this.backoffMs = Math.min(this.retryMaxMs, this.backoffMs ? this.backoffMs * 2 : this.retryInitialMs);
          this.retryAt = Date.now() + this.backoffMs;
        }
      } finally {
        this.inFlight -= weight;
        this.enforceCapacity();
        this.wakeWaiters(false);
      }
    }
  }

  /** The buffer's first items up to `batchSize` in weight (at least one, whatever it weighs). */
  private takeBatch(): T[] {
    let weight = 0;
    let count = 0;
    for (; count < this.buffer.length; count++) {
      const next = this.weigh(this.buffer[count] as T);
      if (count > 0 && weight + next > this.batchSize) break;
      weight += next;
    }
    this.bufferedWeight -= weight;
    return this.buffer.splice(0, count);
  }

  private weightOf(items: T[]): number {
    let weight = 0;
    for (const item of items) weight += this.weigh(item);
    return weight;
  }

  /**
   * Sends a batch; when the destination refuses it for its content, bisects it so that the good
   * items are written and each bad one is dropped on its own (about 2·log2(n) requests for one bad
   * item; an item of several is split first). An unreachable destination stops this with the items
   * not yet written, for a retry.
   */
  private async sendIsolatingBadItems(batch: T[]): Promise<void> {
    const pending: T[][] = [batch];
    while (pending.length > 0) {
      const part = pending.shift() as T[];
      let refusal: unknown;
      try {
        // A refusal for content is an answer from a reachable destination: a success to the breaker.
        refusal = await this.breaker.run(async () => {
          try {
            await this.send(part);
            return undefined;
          } catch (error) {
            if (this.isRejectedContent(error)) return error;
            throw error;
          }
        });
      } catch (error) {
        throw new UnsentItems([part, ...pending].flat(), error);
      }
      if (refusal === undefined) {
        this.written += this.weightOf(part);
        continue;
      }
      const items = part.length === 1 ? this.split(part[0] as T) : part;
      if (items === null) this.reject(part[0] as T, refusal);
      else if (items.length === 1) pending.unshift(items);
      else {
        const middle = Math.ceil(items.length / 2);
        pending.unshift(items.slice(0, middle), items.slice(middle));
      }
    }
  }

  private reject(item: T, error: unknown): void {
    this.rejected += this.weigh(item);
    const reason = error instanceof Error ? error.message : String(error);
    this.lastRejection = { reason: reason.slice(0, 500), sample: this.describe(item).slice(0, 500), at: new Date().toISOString() };
    this.onReject?.(this.lastRejection);
  }

  /** Drops the oldest items until the weight held fits the capacity. */
  private enforceCapacity(): void {
    let excess = this.bufferedWeight + this.inFlight - this.capacity;
    let count = 0;
    while (excess > 0 && count < this.buffer.length) {
      const weight = this.weigh(this.buffer[count] as T);
      excess -= weight;
      this.bufferedWeight -= weight;
      this.dropped += weight;
      count++;
    }
    this.buffer.splice(0, count);
  }
}

/** The items a failed send leaves unwritten, in order, for the buffer to retry. */
class UnsentItems<T> extends Error {
  constructor(
    readonly items: T[],
    override readonly cause: unknown,
  ) {
    super("the destination is unreachable");
  }
}
