// The connection pool to PostgreSQL, and whether the database is reachable right now. A failed
// connection marks it unavailable: turns then get a polite "temporarily unavailable" at once instead
// of waiting on every query, and a probe reconnects with exponential backoff (1 s … 30 s).
import pg from 'pg';
import { silentLogger, errorFields, type Logger } from '../../log/logger.js';
import { StartupRefusal } from '../../startup/refusal.js';

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  log?: Logger;
  /** Statement timeout; a hung query must not hold a turn forever. */
  statementTimeoutMs?: number;
}

/** Connection-level failures (server gone, refused, reset) as opposed to a bad statement. */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  const message = (err as Error)?.message ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004'].includes(code) ||
    /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(message)
  );
}

/** The database is unreachable: nothing was saved, the user should try again shortly. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  constructor(options?: { cause?: unknown }) {
    super('The database is not reachable right now; nothing was saved.', options);
  }
}

export class Database {
  readonly pool: pg.Pool;
  private up = true;
  private probeTimer: NodeJS.Timeout | undefined;
  private backoffMs = 1000;
  private closed = false;
  private readonly log: Logger;

  private constructor(opts: DatabaseOptions) {
    this.log = (opts.log ?? silentLogger).child({ component: 'database' });
    this.pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolMax,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      statement_timeout: opts.statementTimeoutMs ?? 15_000,
      application_name: 'integrationslotse',
    });
    // An idle client losing its connection emits here; unhandled, it would end the process.
    this.pool.on('error', (err) => this.noteFailure(err));
  }

  static async connect(opts: DatabaseOptions): Promise<Database> {
    const db = new Database(opts);
    try {
      await db.pool.query('SELECT 1');
    } catch (err) {
      await db.pool.end().catch(() => {});
      throw new StartupRefusal(`The database in DATABASE_URL cannot be reached (${(err as { code?: string }).code ?? 'error'}). Refusing to start; check the URL, the server and its TLS settings (sslmode).`, 1, { cause: err });
    }
    return db;
  }

  get available(): boolean {
    return this.up;
  }

  async query<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    if (!this.up) throw new DatabaseUnavailableError();
    try {
      return await this.pool.query<R>(text, values);
    } catch (err) {
      throw this.translate(err);
    }
  }

  /** Runs `work` in one transaction on one client; rolls back on any error. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (!this.up) throw new DatabaseUnavailableError();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.translate(err);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      broken = isConnectionError(err);
      if (!broken) await client.query('ROLLBACK').catch(() => { broken = true; });
      throw this.translate(err);
    } finally {
      client.release(broken);
    }
  }

  /** For /readyz: one round trip. */
  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      if (!this.up) this.markUp();
      return true;
    } catch (err) {
      this.noteFailure(err);
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    await this.pool.end().catch(() => {});
  }

  private translate(err: unknown): unknown {
    if (!isConnectionError(err)) return err;
    this.noteFailure(err);
    return new DatabaseUnavailableError({ cause: err });
  }

  private noteFailure(err: unknown): void {
    if (!isConnectionError(err) || this.closed) return;
    if (this.up) this.log.error('database.unavailable', errorFields(err));
    this.up = false;
    this.scheduleProbe();
  }

  private markUp(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    this.up = true;
    this.backoffMs = 1000;
    this.log.info('database.available', {});
  }

  private scheduleProbe(): void {
    if (this.probeTimer || this.closed) return;
    this.probeTimer = setTimeout(async () => {
      this.probeTimer = undefined;
      try {
        await this.pool.query('SELECT 1');
        this.markUp();
      } catch {
        this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
        this.scheduleProbe();
      }
    }, this.backoffMs);
    this.probeTimer.unref();
  }
}
