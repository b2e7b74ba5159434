/** What the engine keeps by id between calls (plans, check reports, health snapshots): the newest `limit`. */
export class RecentRecords<V> {
  private readonly items = new Map<string, V>();

  constructor(private readonly limit: number) {}

  set(id: string, value: V): void {
    this.items.delete(id);
    this.items.set(id, value);
    // A Map iterates in insertion order: the first key is the oldest.
    while (this.items.size > this.limit) this.items.delete(this.items.keys().next().value as string);
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
