/** What the engine keeps by id between calls (plans, check reports, health snapshots): the newest `limit`. */
export class RecentRecords<V> {
  private readonly items = new Map<string, V>();

  constructor(private readonly limit: number) {}

  set(id: string, value: V): void {
    this.items.delete(id);
    this.items.set(id, value);
    // A Map iterates in insertion order: the first keys are the oldest.
    for (const oldest of this.items.keys()) {
      if (this.items.size <= this.limit) break;
      this.items.delete(oldest);
    }
  }

  get(id: string): V | undefined {
    return this.items.get(id);
  }

  delete(id: string): boolean {
    return this.items.delete(id);
  }

  get size(): number {
    return this.items.size;
  }
}
