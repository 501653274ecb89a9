// Single-writer lock on the data directory. Two processes
// writing the same JSON files would silently overwrite each other's commits.
import { hostname } from 'node:os';
import { mkdir, open, readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, errorFields, type Logger } from '../log/logger.js';
import { LockHeldError } from './errors.js';

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

/** An unparsable lock file younger than this may still be being written by its creator. */
const UNPARSABLE_GRACE_MS = 10_000;

/** Lock files this process holds, so a lock left by an earlier process with our pid (containers
 *  often reuse the same pid) is recognised as stale, while a second acquire in-process is refused. */
const heldHere = new Set<string>();

export async function acquireLock(dir: string, log: Logger = silentLogger): Promise<DataDirLock> {
  const absDir = path.resolve(dir);
  await mkdir(absDir, { recursive: true });
  const file = path.join(absDir, '.lock');
  const content = JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() });

  if (!(await tryCreate(file, content))) {
    await checkHolder(absDir, file, log); // throws LockHeldError unless the holder is gone
    // Not fully race-free against two processes taking over the same stale lock at the same
    // instant; acceptable for a single-instance deployment where this only happens at start-up.
    await rm(file, { force: true });
    if (!(await tryCreate(file, content))) await checkHolder(absDir, file, log, true);
  }
  heldHere.add(file);
  await removeStrayTempFiles(absDir, log);
  log.info('store.lock_acquired', { dir: absDir });

  return {
    file,
    async release() {
      if (!heldHere.has(file)) return;
      heldHere.delete(file);
      const current = await readFile(file, 'utf8').catch(() => undefined);
      if (current === content) await rm(file, { force: true });
      else log.warn('store.lock_not_ours', { dir: absDir });
    },
  };
}

async function tryCreate(file: string, content: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await fh.writeFile(content, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  return true;
}

/** Returns if the existing lock is stale; throws LockHeldError if its holder may be alive. */
async function checkHolder(dir: string, file: string, log: Logger, afterTakeover = false): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '');
  let holder: { pid?: unknown; host?: unknown; startedAt?: unknown } | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') holder = parsed;
  } catch {
    // handled below
  }
  const pid = holder?.pid;
  if (!holder || !Number.isSafeInteger(pid) || (pid as number) <= 0) {
    const age = Date.now() - (await stat(file).then((s) => s.mtimeMs, () => 0));
    if (!afterTakeover && age > UNPARSABLE_GRACE_MS) {
      log.warn('store.lock_takeover', { dir, reason: 'unparsable' });
      return;
    }
    throw new LockHeldError(
      dir,
      `DATA_DIR ${dir} is locked by another process (lock file ${file} is being written or unreadable). ` +
        'Stop that process or choose another DATA_DIR.',
    );
  }
  const startedAt = typeof holder.startedAt === 'string' ? holder.startedAt : 'at an unknown time';
  const host = typeof holder.host === 'string' ? holder.host : undefined;
  if (host !== undefined && host !== hostname()) {
    // We cannot see processes on another machine; a shared DATA_DIR is unsupported anyway.
    throw new LockHeldError(
      dir,
      `DATA_DIR ${dir} is in use by process ${pid} on host ${host} (started ${startedAt}). ` +
        `Stop that process or choose another DATA_DIR. If that host is gone for good, delete ${file}.`,
      pid as number,
    );
  }
  if (!afterTakeover && !isAlive(pid as number, file)) {
    log.warn('store.lock_takeover', { dir, reason: 'holder_not_running', pid: pid as number });
    return;
  }
  throw new LockHeldError(
    dir,
    `DATA_DIR ${dir} is in use by process ${pid} (started ${startedAt}). Stop that process or choose another DATA_DIR.`,
    pid as number,
  );
}

function isAlive(pid: number, file: string): boolean {
  if (pid === process.pid) return heldHere.has(file); // our pid, but not our lock: an earlier incarnation
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH'; // EPERM: alive, owned by another user
  }
}

/** Temp files of writers that crashed mid-write; only safe to delete while we hold the lock. */
async function removeStrayTempFiles(dir: string, log: Logger): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.tmp')) continue;
    try {
      await rm(path.join(dir, name), { force: true });
      log.info('store.stray_tmp_removed', { dir });
    } catch (err) {
      log.warn('store.stray_tmp_remove_failed', errorFields(err));
    }
  }
}
