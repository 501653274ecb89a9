// Bounds the work figure requests may cause: at most `active` at once, `waiting` more queued in
// arrival order; anything beyond is refused at once (503), so a flood cannot starve the bot's turns.
export class Limiter {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly active: number,
    private readonly waiting: number,
  ) {}

  /** Runs `work` when a slot is free; undefined (without running it) when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.running >= this.active) {
      if (this.queue.length >= this.waiting) return undefined;
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.running++;
    }
    try {
      return { value: await work() };
    } finally {
      const next = this.queue.shift();
      // The slot passes straight to the next waiter; otherwise it is freed.
      if (next) next();
      else this.running--;
    }
  }
}
