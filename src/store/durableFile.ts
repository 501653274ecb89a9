// lowdb Adapter that writes crash-safely (research/reliability.md §5): unique temp file → fsync →
// rename → fsync(dir), inside a checksummed envelope. A file that fails verification is reported
// and never touched, so a bad start-up cannot destroy the only copy of the data.
import { createHash, randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { silentLogger, errorFields, type Logger } from '../log/logger.js';
import { ringFor } from './dataDir.js';
import { isSealed, seal, unseal, unsealProblem, type KeyRing } from './encryption.js';
import { StoreCorruptError, StoreKeyError, StoreVersionError } from './errors.js';

export type WriteStep = 'open' | 'write' | 'sync' | 'rename' | 'syncDir';

export interface DurableFileOptions {
  schemaVersion: number;
  log?: Logger;
  /** Test hook, awaited before each write step; throwing from it simulates that step failing. */
  beforeStep?: (step: WriteStep, file: string) => void | Promise<void>;
  /** The key to seal the file with; null for plain text. Default: the key registered for the file's DATA_DIR. */
  ring?: KeyRing | null;
}

export interface Envelope {
  schemaVersion: number;
  seq: number;
  data: unknown;
}

export interface WriteStats {
  /** Completed write protocols (temp write … directory fsync). */
  writes: number;
  /** fsync calls, file and directory alike. */
  syncs: number;
}

const sha256 = (text: string) => 'sha256-' + createHash('sha256').update(text, 'utf8').digest('hex');
const isInt = (v: unknown, min: number): v is number => Number.isSafeInteger(v) && (v as number) >= min;

export class DurableJsonFile<T> implements Adapter<T> {
  readonly stats: WriteStats = { writes: 0, syncs: 0 };
  private seq = 0;
  private readonly dir: string;
  private readonly log: Logger;
  private readonly ring: KeyRing | undefined;

  constructor(
    readonly file: string,
    private readonly opts: DurableFileOptions,
  ) {
    this.dir = path.dirname(file);
    this.log = opts.log ?? silentLogger;
    this.ring = opts.ring === undefined ? ringFor(file) : (opts.ring ?? undefined);
  }

  /** Whether writes are sealed with a store key. */
  get encrypted(): boolean {
    return this.ring !== undefined;
  }

  /** lowdb contract: null only when the file does not exist. Older schema data is returned as-is. */
  async read(): Promise<T | null> {
    const env = await this.readEnvelope();
    return env ? (env.data as T) : null;
  }

  /** Reads and verifies the file; null when missing; throws StoreCorruptError / StoreVersionError. */
  async readEnvelope(): Promise<Envelope | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw this.corrupt(`it cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, err);
    }
    if (bytes.length === 0) throw this.corrupt('the file is empty (0 bytes)');
    if (bytes.includes(0)) throw this.corrupt('the file contains NUL bytes (typical after a crash or power loss)');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (err) {
      throw this.corrupt('the file is not valid UTF-8', err);
    }
    text = this.openSealed(text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      // The parser's message may quote file content; keep it only as the cause.
      throw this.corrupt(`the file is not valid JSON (${bytes.length} bytes, possibly truncated)`, err);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw this.corrupt('the content is not a store envelope object');
    }
    const env = parsed as Record<string, unknown>;
    if (!isInt(env.schemaVersion, 1)) throw this.corrupt('schemaVersion is missing or not a positive integer');
    // Checked before the rest: a newer version may have changed the envelope itself.
    if (env.schemaVersion > this.opts.schemaVersion) {
      throw new StoreVersionError(this.file, env.schemaVersion, this.opts.schemaVersion);
    }
    if (!isInt(env.seq, 0)) throw this.corrupt('seq is missing or not a non-negative integer');
    if (typeof env.checksum !== 'string') throw this.corrupt('checksum is missing');
    if (env.data === undefined || env.data === null) throw this.corrupt('data is missing or null');
    const actual = sha256(JSON.stringify(env.data));
    if (actual !== env.checksum) throw this.corrupt(`checksum mismatch (stored ${env.checksum.slice(0, 20)}…, computed ${actual.slice(0, 20)}…)`);
    this.seq = env.seq;
    return { schemaVersion: env.schemaVersion, seq: env.seq, data: env.data };
  }

  /** lowdb contract. The store uses writeText directly so it serializes only once. */
  async write(data: T): Promise<void> {
    await this.writeText(JSON.stringify(data));
  }

  /** Durably replaces the file with an envelope around `json` (compact JSON.stringify output). */
  async writeText(json: string): Promise<void> {
    const seq = this.seq + 1;
    // Built by concatenation so the checksum covers exactly the bytes written for `data`.
    const plain = `{"schemaVersion":${this.opts.schemaVersion},"seq":${seq},"checksum":"${sha256(json)}","data":${json}}`;
    const envelope = this.ring ? seal(this.ring, path.basename(this.file), plain) : plain;
    const tmp = path.join(this.dir, `.${path.basename(this.file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    let fh: FileHandle | undefined;
    try {
      await this.step('open', tmp);
      fh = await open(tmp, 'wx', 0o600); // 'wx': never reuse another writer's temp file; 0600: personal data
      await this.step('write', tmp);
      await fh.writeFile(envelope, 'utf8');
      await this.step('sync', tmp);
      await fh.sync();
      this.stats.syncs++;
      await fh.close();
      fh = undefined;
      await this.step('rename', this.file);
      await rename(tmp, this.file);
    } catch (err) {
      await fh?.close().catch(() => {});
      await rm(tmp, { force: true }).catch((e: unknown) => this.log.warn('store.tmp_cleanup_failed', errorFields(e)));
      throw err;
    }
    // The new content is in place now; later writes must continue after this seq.
    this.seq = seq;
    await this.step('syncDir', this.dir);
    await this.syncDir();
    this.stats.writes++;
  }

  /** The plain envelope text of a file's content; refuses a plain file when a key is configured (it may have been swapped in). */
  private openSealed(text: string): string {
    if (!isSealed(text)) {
      if (!this.ring) return text;
      throw new StoreKeyError(this.file, `Store file ${this.file} is not encrypted, but STORE_KEY_FILE is set. ` +
        'Refusing to start; the file is untouched. To encrypt existing files run npm run store:rekey (with the bot stopped).');
    }
    const opened = unseal(this.ring, path.basename(this.file), text);
    if (opened.ok) return opened.plain;
    const message = unsealProblem(this.file, opened, this.ring);
    if (opened.problem === 'no_key' || opened.problem === 'unknown_key') throw new StoreKeyError(this.file, message);
    throw this.corrupt(opened.problem === 'altered' ? `authentication with key "${opened.kid}" failed: the file was altered or damaged` : 'the encrypted envelope is malformed');
  }

  private async syncDir(): Promise<void> {
    // Windows cannot open a directory for fsync; NTFS journals the rename itself.
    if (process.platform === 'win32') return;
    const dh = await open(this.dir, 'r');
    try {
      await dh.sync(); // makes the rename itself durable — the commonly missed step
      this.stats.syncs++;
    } finally {
      await dh.close();
    }
  }

  private async step(step: WriteStep, file: string): Promise<void> {
    if (this.opts.beforeStep) await this.opts.beforeStep(step, file);
  }

  private corrupt(reason: string, cause?: unknown): StoreCorruptError {
    return new StoreCorruptError(this.file, reason, cause === undefined ? undefined : { cause });
  }
}
