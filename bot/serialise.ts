// In-process guards against duplicate work: a delivery id seen before (GitHub keeps the id on
// redelivery) and two events for the same issue running at once. Several replicas need a
// shared store for the first; the sticky comment's oldest-wins rule keeps them correct anyway.

export class SeenDeliveries {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly max = 5000,
    private readonly ttlMs = 6 * 60 * 60 * 1000,
  ) {}

  /** True the first time an id is offered (within the TTL), false afterwards. */
  claim(id: string, now = Date.now()): boolean {
    const at = this.seen.get(id);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.delete(id);
    this.seen.set(id, now);
    while (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value as string);
    return true;
  }
}

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task with the same key has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

/**
 * Runs allowed per key in a sliding window (an issue, an installation): anyone who can comment
 * can trigger a run, and each run costs API calls and CPU. Bounded in keys like SeenDeliveries.
 */
export class RateWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly windowMs = 60 * 60 * 1000,
    private readonly maxKeys = 10_000,
  ) {}

  /** Records a run and returns true while `key` has had fewer than `limit` in the window. */
  take(key: string, limit: number, now = Date.now()): boolean {
    const recent = (this.hits.get(key) ?? []).filter((at) => now - at < this.windowMs);
    this.hits.delete(key);
    const allowed = recent.length < limit;
    if (allowed) recent.push(now);
    this.hits.set(key, recent);
    while (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value as string);
    return allowed;
  }
}

/** At most `concurrency` runs at once and `maxWaiting` queued behind them; beyond that a run is refused. */
export class BoundedPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency = 2,
    readonly maxWaiting = 20,
  ) {}

  /** The task's promise, or undefined when the queue is full. */
  run<T>(task: () => Promise<T>): Promise<T> | undefined {
    if (this.running >= this.concurrency && this.waiting.length >= this.maxWaiting) return undefined;
    const start = async (): Promise<T> => {
      this.running++;
      try {
        return await task();
      } finally {
        this.running--;
        this.waiting.shift()?.();
      }
    };
    if (this.running < this.concurrency) return start();
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(start);
  }
}
