// Append-only audit log: one JSON line per action, ids and fixed codes only — never free text, so
// the log holds no message content (special-category data) and cannot be forged with line breaks.
// Entries of one tick, or arriving while a flush runs, share one append + one datasync.
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, errorFields, type Logger } from '../log/logger.js';

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

export class AuditLog {
  readonly stats = { writes: 0, syncs: 0 };
  private lines: string[] = [];
  private waiting: Pending[] = [];
  private scheduled = false;
  private writing = false;
  private closed = false;
  /** After a failed append the file may end mid-line; the next append starts a fresh line. */
  private needsNewline = false;

  private constructor(
    readonly file: string,
    private readonly fh: FileHandle,
    private readonly log: Logger,
  ) {}

  static async open(file: string, log: Logger = silentLogger): Promise<AuditLog> {
    await mkdir(path.dirname(file), { recursive: true });
    const existed = await stat(file).then(() => true, () => false);
    const fh = await open(file, 'a', 0o600);
    if (!existed) await syncDir(path.dirname(file)); // make the new file's directory entry durable
    return new AuditLog(file, fh, log);
  }

  /** Resolves once the entry is durable. Rejects (TypeError) on anything but ids and fixed codes. */
  async record(entry: AuditEntry): Promise<void> {
    if (this.closed) throw new Error('AuditLog is closed');
    const line = formatLine(entry);
    await new Promise<void>((resolve, reject) => {
      this.lines.push(line);
      this.waiting.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when everything recorded so far is durable. */
  async flush(): Promise<void> {
    if (this.lines.length === 0 && !this.writing) return;
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

  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
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
          for (const w of batch) w.reject(new Error(`Audit entry not saved to ${this.file}${code ? ` (${code})` : ''}`, { cause: err }));
          continue;
        }
        for (const w of batch) w.resolve();
      }
    } finally {
      this.writing = false;
    }
  }
}

function formatLine(entry: AuditEntry): string {
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
  return JSON.stringify({ time: new Date().toISOString(), actor, action, record, role, outcome }) + '\n';
}

async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // directories cannot be fsynced on Windows
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}
