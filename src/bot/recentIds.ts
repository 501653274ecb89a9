/** A bounded set of recently seen keys (insertion-ordered Map as an LRU). */
export class RecentIds {
  private readonly keys = new Map<string, true>();
  constructor(private readonly capacity: number) {}

  /** True if the key was seen before; records it otherwise. */
  seen(key: string): boolean {
    if (this.keys.has(key)) return true;
    this.keys.set(key, true);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.keys().next().value as string);
    return false;
  }

  get size(): number {
    return this.keys.size;
  }
}
