// Append-only audit log: one JSON line per action, ids and fixed codes only — never free text, so
// the log holds no message content (special-category data) and cannot be forged with line breaks.
// Entries of one tick, or arriving while a flush runs, share one append + one datasync.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, errorFields, type Logger } from '../log/logger.js';
import { storeContextFor } from '../store/dataDir.js';
import { syncDir } from '../store/durableReplace.js';
import { WriteLoop } from '../store/writeLoop.js';
import { isSealed, seal, unseal, unsealProblem, type KeyRing } from '../store/encryption.js';
import { StoreCorruptError, StoreKeyError } from '../store/errors.js';
import type { AuditTrail } from './auditTrail.js';

export type AuditOutcome = 'ok' | 'denied' | 'rejected';

export interface AuditEntry {
  actor: string;
  action: string;
  record?: string;
  role?: string;
  outcome?: AuditOutcome;
}

const ACTION = /^[a-z][a-z0-9_.]*$/;
const ID = /^[^\s\p{C}]{1,200}$/u; // no whitespace or control characters, at most 200 chars
const OUTCOMES: readonly string[] = ['ok', 'denied', 'rejected'];
const FIELDS = new Set(['actor', 'action', 'record', 'role', 'outcome']);

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class AuditLog implements AuditTrail {
  readonly stats = { writes: 0, syncs: 0 };
  private lines: string[] = [];
  private waiting: Pending[] = [];
  private readonly writer = new WriteLoop(() => this.waiting.length > 0, () => this.writeBatch());
  private closed = false;
  /** After a failed append the file may end mid-line; the next append starts a fresh line. */
  private needsNewline = false;

  private constructor(
    readonly file: string,
    private fh: FileHandle,
    private readonly log: Logger,
    /** With a store key every line is sealed on its own, so appends stay appends. */
    private readonly ring: KeyRing | undefined,
  ) {}

  static async open(file: string, log: Logger = silentLogger): Promise<AuditLog> {
    await mkdir(path.dirname(file), { recursive: true });
    const context = storeContextFor(file);
    const existed = await stat(file).then(() => true, () => false);
    if (!existed) context?.claimNew(file);
    else await checkFirstLine(file, context?.ring);
    const fh = await open(file, 'a', 0o600);
    if (!existed) await syncDir(path.dirname(file)); // make the new file's directory entry durable
    context?.noteOpened(file);
    return new AuditLog(file, fh, log, context?.ring);
  }

  /**
   * Replaces the whole log with `keep`'s choice of its entries (retention, erasure), crash-safely:
   * new file beside it, fsync, rename, fsync dir. Appends wait meanwhile and go to the new file.
   */
  async rewrite(keep: (entry: StoredAuditEntry) => boolean): Promise<{ kept: number; removed: number }> {
    if (this.closed) throw new Error('AuditLog is closed');
    await this.flush();
    while (this.writer.busy) await this.flush();
    this.writer.busy = true; // holds off writes until the file is swapped
    try {
      const entries = await readAuditFile(this.file, this.ring);
      const kept = entries.filter(keep);
      if (kept.length === entries.length) return { kept: kept.length, removed: 0 }; // nothing to remove: no rewrite
      const tmp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
      const out = await open(tmp, 'wx', 0o600);
      try {
        await out.writeFile(kept.map((e) => this.sealLine(JSON.stringify(e))).join(''), 'utf8');
        await out.sync();
      } finally {
        await out.close();
      }
      await rename(tmp, this.file);
      await syncDir(path.dirname(this.file));
      await this.fh.close();
      this.fh = await open(this.file, 'a', 0o600);
      this.needsNewline = false;
      return { kept: kept.length, removed: entries.length - kept.length };
    } finally {
      this.writer.busy = false;
      if (this.waiting.length > 0) this.writer.schedule();
    }
  }

  entries(): Promise<StoredAuditEntry[]> {
    return readAuditFile(this.file, this.ring);
  }

  /** Resolves once the entry is durable. Rejects (TypeError) on anything but ids and fixed codes. */
  async record(entry: AuditEntry): Promise<void> {
    if (this.closed) throw new Error('AuditLog is closed');
    const line = this.sealLine(formatLine(entry).slice(0, -1));
    await new Promise<void>((resolve, reject) => {
      this.lines.push(line);
      this.waiting.push({ resolve, reject });
      this.writer.schedule();
    });
  }

  /** Resolves when everything recorded so far is durable. */
  async flush(): Promise<void> {
    if (this.lines.length === 0 && !this.writer.busy) return;
    await new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.flush();
    } finally {
      await this.fh.close();
    }
  }

  private sealLine(json: string): string {
    return (this.ring ? seal(this.ring, path.basename(this.file), json) : json) + '\n';
  }

  /** Appends and syncs the queued lines; a failure rejects exactly the entries of this batch. */
  private async writeBatch(): Promise<() => void> {
    const text = (this.needsNewline ? '\n' : '') + this.lines.join('');
    const batch = this.waiting;
    this.lines = [];
    this.waiting = [];
    try {
      if (text.length > 0) {
        await this.fh.appendFile(text, 'utf8');
        this.stats.writes++;
        await this.fh.datasync();
        this.stats.syncs++;
        this.needsNewline = false;
      }
    } catch (err) {
      this.needsNewline = true;
      this.log.error('audit.write_failed', errorFields(err));
      const code = (err as NodeJS.ErrnoException)?.code;
      return () => {
        for (const w of batch) w.reject(new Error(`Audit entry not saved to ${this.file}${code ? ` (${code})` : ''}`, { cause: err }));
      };
    }
    return () => {
      for (const w of batch) w.resolve();
    };
  }
}

function formatLine(entry: AuditEntry): string {
  return JSON.stringify(validAuditEntry(entry)) + '\n';
}

/** The entry as stored, stamped now; throws a TypeError naming the field for anything but ids and fixed codes. */
export function validAuditEntry(entry: AuditEntry): StoredAuditEntry {
  if (typeof entry !== 'object' || entry === null) throw new TypeError('audit entry must be an object');
  // Field names and rules only in messages: an offending value may be exactly the free text we keep out.
  for (const key of Object.keys(entry)) {
    if (!FIELDS.has(key)) throw new TypeError(`audit entry has unknown field "${key.slice(0, 40)}"`);
  }
  const check = (field: keyof AuditEntry, ok: (v: unknown) => boolean, required = false) => {
    const v = entry[field];
    if (v === undefined ? required : !ok(v)) throw new TypeError(`audit entry field "${field}" is missing or not allowed`);
  };
  const isId = (v: unknown) => typeof v === 'string' && ID.test(v);
  check('actor', isId, true);
  check('action', (v) => typeof v === 'string' && v.length <= 100 && ACTION.test(v), true);
  check('record', isId);
  check('role', isId);
  check('outcome', (v) => typeof v === 'string' && OUTCOMES.includes(v));
  const { actor, action, record, role, outcome } = entry;
  return JSON.parse(JSON.stringify({ time: new Date().toISOString(), actor, action, record, role, outcome })) as StoredAuditEntry;
}

/** An audit line as stored (before sealing). */
export interface StoredAuditEntry extends AuditEntry {
  time: string;
}

/**
 * Every entry of an audit file, unsealed. A line cut short by a crash (the last one) is skipped;
 * any other unreadable line throws, naming the line number only.
 */
export async function readAuditFile(file: string, ring: KeyRing | undefined): Promise<StoredAuditEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines = text.split('\n');
  const entries: StoredAuditEntry[] = [];
  const context = path.basename(file);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const lastLine = i === lines.length - 1; // no newline after it: an append a crash interrupted
    let json = line;
    if (isSealed(line)) {
      const opened = unseal(ring, context, line);
      if (!opened.ok) {
        if (lastLine) continue;
        if (opened.problem === 'no_key' || opened.problem === 'unknown_key') throw new StoreKeyError(file, unsealProblem(file, opened, ring));
        throw new StoreCorruptError(file, `line ${i + 1} fails authentication or is malformed`);
      }
      json = opened.plain;
    } else if (ring && !lastLine) {
      throw new StoreKeyError(file, `Audit log ${file} has a plain line (${i + 1}), but STORE_KEY_FILE is set. Run npm run store:rekey with the bot stopped.`);
    }
    try {
      entries.push(JSON.parse(json) as StoredAuditEntry);
    } catch {
      if (!lastLine) throw new StoreCorruptError(file, `line ${i + 1} is not valid JSON`);
    }
  }
  return entries;
}

/** A wrong or missing key refuses the start at once, not at the first export; the first line is enough to tell. */
async function checkFirstLine(file: string, ring: KeyRing | undefined): Promise<void> {
  const fh = await open(file, 'r');
  let head: string;
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
  const nl = head.indexOf('\n');
  if (nl < 0) return; // empty, or one unfinished line
  const line = head.slice(0, nl);
  if (!isSealed(line)) {
    if (ring) throw new StoreKeyError(file, `Audit log ${file} is not encrypted, but STORE_KEY_FILE is set. Refusing to start; the file is untouched. To encrypt existing files run npm run store:rekey (with the bot stopped).`);
    return;
  }
  const opened = unseal(ring, path.basename(file), line);
  if (opened.ok) return;
  if (opened.problem === 'no_key' || opened.problem === 'unknown_key') throw new StoreKeyError(file, unsealProblem(file, opened, ring));
  throw new StoreCorruptError(file, 'its first line fails authentication or is malformed');
}
