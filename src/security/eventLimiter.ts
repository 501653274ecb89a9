// A fixed-window counter per key: lets the first `perWindow` events of each key through and counts the
// rest, so a flood produces a bounded number of log lines and audit entries instead of one per request.
// Memory is bounded twice: at most `maxKeys` keys (oldest window dropped first), and windows that have
// ended without suppressing anything are dropped once a window, so the map shrinks back after a flood.
export interface LimiterDecision {
  allowed: boolean;
  /** Events of this key suppressed in the previous window (reported once when a new window opens). */
  suppressedBefore: number;
}

export class EventLimiter {
  /** Insertion order is window-start order: a key is re-inserted whenever its new window opens. */
  private readonly windows = new Map<string, { start: number; count: number; suppressed: number }>();
  private lastPrune: number;

  constructor(
    private readonly perWindow: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Keys kept at most; the oldest window is dropped first, so memory stays bounded under any flood. */
    private readonly maxKeys = 10_000,
  ) {
    this.lastPrune = now();
  }

  take(key: string): LimiterDecision {
    const now = this.now();
    if (now - this.lastPrune >= this.windowMs) this.prune(now);
    let w = this.windows.get(key);
    let suppressedBefore = 0;
    if (!w || now - w.start >= this.windowMs) {
      suppressedBefore = w?.suppressed ?? 0;
      if (w) this.windows.delete(key); // re-insert: Map order is the eviction order
      w = { start: now, count: 0, suppressed: 0 };
      this.windows.set(key, w);
      this.evict();
    }
    w.count++;
    if (w.count <= this.perWindow) return { allowed: true, suppressedBefore };
    w.suppressed++;
    return { allowed: false, suppressedBefore };
  }

  get size(): number {
    return this.windows.size;
  }

  private evict(): void {
    while (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next().value as string;
      this.windows.delete(oldest);
    }
  }

  /**
   * Drops ended windows that have nothing left to report (a window with suppressed events stays until its key
   * comes back or the count bound drops it). Walks the ended prefix only, at most once a window.
   */
  private prune(now: number): void {
    this.lastPrune = now;
    for (const [key, w] of this.windows) {
      if (now - w.start < this.windowMs) break;
      if (w.suppressed === 0) this.windows.delete(key);
    }
  }
}
