// Group commit for the JSON stores and the audit log: one writer at a time, started on the next turn, so
// changes made in the same turn share one write and a running write picks up whatever was queued meanwhile.

/** Writes one batch and returns how to settle its waiters; settling runs synchronously with the loop check. */
export type WriteBatch = () => Promise<() => void>;

export class WriteLoop {
  /** True while batches are written, or while the owner holds writes off (e.g. during a file swap). */
  busy = false;
  private scheduled = false;

  constructor(
    private readonly hasWork: () => boolean,
    private readonly writeBatch: WriteBatch,
  ) {}

  schedule(): void {
    if (this.busy || this.scheduled) return; // a running loop picks up the queue when done
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    this.busy = true;
    try {
      // Settling, the loop check and `busy = false` run in one synchronous step, so a waiter woken by this
      // batch sees the loop finished (or still running with its queue) and nothing queued is stranded.
      while (this.hasWork()) {
        const settle = await this.writeBatch();
        settle();
      }
    } finally {
      this.busy = false;
    }
  }
}
