import { type ProductDatabase } from './product-database';

export interface DatabaseStatus {
  status: 'OK' | 'Error';
  details: string | null;
}

/**
 * /health's databaseStatus: a live ping, remembered for `ttlMs` after it settles and shared by every
 * request that arrives while it runs, so a load balancer polling hard does not flood the database.
 * The ping's own timeout (product-database.ts) bounds how long a request waits.
 */
export class DatabaseStatusProbe {
  private inFlight: Promise<DatabaseStatus> | null = null;
  private cached: { at: number; value: DatabaseStatus } | null = null;

  constructor(
    private readonly ping: ProductDatabase['ping'],
    private readonly ttlMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  current(): Promise<DatabaseStatus> {
    if (this.cached && this.now() - this.cached.at < this.ttlMs) return Promise.resolve(this.cached.value);
    this.inFlight ??= this.ping()
      .then(
        (): DatabaseStatus => ({ status: 'OK', details: null }),
        (err: unknown): DatabaseStatus => ({ status: 'Error', details: err instanceof Error ? err.message : String(err) }),
      )
      .then((value) => {
        this.cached = { at: this.now(), value };
        this.inFlight = null;
        return value;
      });
    return this.inFlight;
  }
}
