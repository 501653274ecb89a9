// PostgreSQL for tests without a server: PGlite (PostgreSQL compiled to WebAssembly) in this process,
// reached by the real `pg` client over a local socket (pglite-socket), so the production code path
// runs unchanged. PGlite is one connection; the socket server multiplexes connections and keeps a transaction's statements together.
// TEST_DATABASE_URL (set by .ci/run when Debian's server runs) makes the same tests use a real server.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { PgliteGate } from './pgliteGate.js';

export interface TestDatabase {
  url: string;
  poolMax: number;
  /** Drops every table: each test starts on an empty database. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** One query on a connection of its own (tests look at what the bot stored). */
export async function sqlAt<R extends pg.QueryResultRow = any>(url: string, text: string, values?: unknown[]): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Drops every table, view and sequence of the public schema. */
export async function resetSchema(url: string): Promise<void> {
  await sqlAt(url, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
}

/** PGlite in this process behind a local socket: one connection, reached by the real `pg` client. */
export async function startPglite(): Promise<TestDatabase> {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 64 });
  await server.start();
  const gate = await new PgliteGate(Number(server.getServerConn().split(':').at(-1))).start(); // one session at a time, see pgliteGate.ts
  const url = `postgres://postgres@127.0.0.1:${gate.port}/postgres`;
  return {
    url,
    poolMax: 1,
    reset: () => resetSchema(url),
    async close() {
      await gate.stop();
      await server.stop();
      await db.close();
    },
  };
}

export async function startTestDatabase(): Promise<TestDatabase> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    return { url: external, poolMax: 4, reset: () => resetSchema(external), close: async () => {} };
  }
  return startPglite();
}

/** One database for the describe block it is called in, reset before each test. */
export function useTestDatabase(): { readonly db: TestDatabase } {
  const holder = {} as { db: TestDatabase };
  before(async function () {
    this.timeout(60000);
    holder.db = await startTestDatabase();
  });
  beforeEach(async () => {
    await holder.db.reset();
  });
  after(async () => {
    await holder.db?.close();
  });
  return holder;
}
