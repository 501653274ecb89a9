// A PostgreSQL server for benchmarks (and e2e runs): BENCH_DATABASE_URL if set, else a throwaway
// cluster of Debian's server (initdb + pg_ctl in a temp dir, on a free 127.0.0.1 port, trust auth,
// default durability: fsync on), else PGlite in this process — which is one WebAssembly connection,
// so its figures are not a server's: `kind` says which one runs.
//   const pg = await startPostgres(); … pg.url … await pg.reset(); … await pg.stop();
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { resetSchema, startPglite } from '../test/harness/pglite.js';

export interface BenchDatabase {
  url: string;
  kind: 'external' | 'server' | 'pglite';
  /** Human-readable: which server, where. */
  label: string;
  /** Connections one instance may open (PGlite: 1). */
  poolMax: number;
  /** Drops every table: the next engine starts on an empty database. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** The bin directory of Debian's newest installed server (PG_BIN overrides), if any. */
export function postgresBinDir(): string | undefined {
  if (process.env.PG_BIN) return existsSync(path.join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, 'bin')).find((bin) => existsSync(path.join(bin, 'initdb')));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}


/** initdb refuses root: the cluster then belongs to the `postgres` system user. */
function runAsOwner(bin: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startPostgresCluster(binDir: string): Promise<BenchDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lotse-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  try {
    runAsOwner(path.join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // Sockets in the temp dir, TCP only on loopback; everything else as Debian ships it.
    runAsOwner(path.join(binDir, 'pg_ctl'), ['start', '-w', '-D', data, '-l', path.join(dir, 'server.log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const version = runAsOwner(path.join(binDir, 'postgres'), ['--version']).trim();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    kind: 'server',
    label: `${version}, throwaway cluster on 127.0.0.1:${port} (fsync on)`,
    poolMax: 10,
    reset: () => resetSchema(url),
    async stop() {
      try {
        runAsOwner(path.join(binDir, 'pg_ctl'), ['stop', '-w', '-m', 'fast', '-D', data]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function startPgliteForBench(): Promise<BenchDatabase> {
  const db = await startPglite();
  return { ...db, kind: 'pglite', label: 'PGlite (WebAssembly, one connection, in this process) — NOT a server: no server figures', stop: () => db.close() };
}

/** BENCH_DATABASE_URL, else a throwaway cluster, else PGlite (with the reason on stderr). */
export async function startPostgres(log: (line: string) => void = (l) => console.error(l)): Promise<BenchDatabase> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    const client = new pg.Client({ connectionString: external });
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    await client.end();
    return { url: external, kind: 'external', label: `PostgreSQL ${rows[0]!.server_version} from BENCH_DATABASE_URL`, poolMax: 10, reset: () => resetSchema(external), stop: async () => {} };
  }
  const bin = postgresBinDir();
  if (bin) {
    try {
      return await startPostgresCluster(bin);
    } catch (err) {
      log(`postgres: throwaway cluster failed (${(err as Error).message.split('\n')[0]}); falling back to PGlite`);
    }
  } else {
    log('postgres: no server binaries (/usr/lib/postgresql/*/bin, PG_BIN); falling back to PGlite');
  }
  return startPgliteForBench();
}
