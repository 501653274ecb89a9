// Which engine the bot processes of the e2e tests run on. Default: the JSON files in DATA_DIR.
// TEST_STORE=postgres (with TEST_DATABASE_URL, a real server — .ci/run starts one) runs every bot on
// PostgreSQL, one database per DATA_DIR (kept across a restart of the same DATA_DIR), and the readers
// below give the tests the stored documents and audit entries from either engine.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { AuditLog } from '../../src/audit/auditLog.js';
import type { AuditTrail } from '../../src/audit/auditTrail.js';
import { PgAuditLog } from '../../src/audit/pgAuditLog.js';
import { registerEngine } from '../../src/store/engine.js';
import { PgEngine } from '../../src/store/postgres/pgEngine.js';
import { assembleDocument, type DocumentShape } from '../../src/store/postgres/documentRows.js';

export const testStore = (): 'lowdb' | 'postgres' => (process.env.TEST_STORE === 'postgres' ? 'postgres' : 'lowdb');

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_STORE=postgres needs TEST_DATABASE_URL (a PostgreSQL server; .ci/run starts one)');
  return url;
}

const databaseName = (dataDir: string) => `lotse_e2e_${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16)}`;

function urlOf(dataDir: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${databaseName(dataDir)}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>, url = adminUrl()): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The environment that points a bot at its store: nothing for the JSON files, a database per DATA_DIR for PostgreSQL. */
export async function storeEnv(dataDir: string): Promise<Record<string, string>> {
  if (testStore() === 'lowdb') return {};
  const name = databaseName(dataDir);
  await withAdmin(async (client) => {
    const known = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (known.rowCount === 0) await client.query(`CREATE DATABASE ${name}`); // hex name: no quoting needed
  });
  return { STORE: 'postgres', DATABASE_URL: urlOf(dataDir), DATABASE_POOL_MAX: '4' };
}

/** The stored document of a store ("escalations.json") of the bot on `dataDir`; undefined if it has none. */
export async function readStoreData(dataDir: string, name: string): Promise<Record<string, any> | undefined> {
  if (testStore() === 'lowdb') {
    const file = path.join(dataDir, name);
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).data : undefined;
  }
  return withAdmin(async (client) => {
    const head = await client.query('SELECT shape FROM doc_heads WHERE store = $1', [name]);
    if (head.rowCount === 0) return undefined;
    const rows = (await client.query('SELECT coll, key, value FROM doc_rows WHERE store = $1 ORDER BY coll, key', [name])).rows;
    return assembleDocument(head.rows[0].shape as DocumentShape, rows) as Record<string, any>;
  }, urlOf(dataDir));
}

/** Every audit entry of the bot on `dataDir`, oldest first. */
export async function readAuditEntries(dataDir: string): Promise<Record<string, any>[]> {
  if (testStore() === 'lowdb') {
    const file = path.join(dataDir, 'audit.jsonl');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  }
  return withAdmin(async (client) => (await client.query('SELECT entry FROM audit_log ORDER BY id')).rows.map((r) => r.entry), urlOf(dataDir));
}

/**
 * Everything the bot on `dataDir` keeps, as text to search: every file under DATA_DIR (logs, and the stores
 * on the JSON engine), plus on PostgreSQL every stored row and audit entry.
 */
export async function storedText(dataDir: string): Promise<string> {
  const files = filesUnder(dataDir).map((f) => readFileSync(f, 'utf8')).join('\n');
  if (testStore() === 'lowdb') return files;
  return withAdmin(async (client) => {
    const rows = (await client.query('SELECT value::text AS text FROM doc_rows UNION ALL SELECT entry::text FROM audit_log')).rows;
    return [files, ...rows.map((r) => r.text as string)].join('\n');
  }, urlOf(dataDir));
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * A fingerprint of the stores of the bot on `dataDir` (all, or those named), apart from the audit trail:
 * the files' bytes, or each store's commit sequence number and rows. Equal fingerprints: nothing was written.
 */
export async function storeFingerprint(dataDir: string, names?: string[]): Promise<string> {
  const h = createHash('sha256');
  if (testStore() === 'lowdb') {
    const files = names ?? readdirSync(dataDir).filter((f) => f.endsWith('.json')).sort();
    for (const f of files) h.update(f).update(readFileSync(path.join(dataDir, f)));
    return h.digest('hex');
  }
  return withAdmin(async (client) => {
    const only = names ? ' WHERE store = ANY($1)' : '';
    const args = names ? [names] : [];
    for (const r of (await client.query(`SELECT store, seq FROM doc_heads${only} ORDER BY store`, args)).rows) h.update(`${r.store}@${r.seq}`);
    for (const r of (await client.query(`SELECT store, coll, key, value FROM doc_rows${only} ORDER BY store, coll, key`, args)).rows) h.update(JSON.stringify(r));
    return h.digest('hex');
  }, urlOf(dataDir));
}

/**
 * Runs `work` with the stores of `dataDir` opening on the tests' engine (openStore finds it), and an audit
 * trail on it: how a test changes data while no bot runs, through the capabilities' own stores.
 */
export async function withStores<T>(dataDir: string, work: (openAudit: () => Promise<AuditTrail>) => Promise<T>): Promise<T> {
  if (testStore() === 'lowdb') return work(() => AuditLog.open(path.join(dataDir, 'audit.jsonl')));
  const env = await storeEnv(dataDir);
  const engine = await PgEngine.open({ url: env.DATABASE_URL!, poolMax: 2 });
  const unregister = registerEngine(dataDir, engine);
  try {
    return await work(async () => new PgAuditLog(engine.db));
  } finally {
    unregister();
    await engine.close();
  }
}
