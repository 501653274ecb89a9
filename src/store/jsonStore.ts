// Group-commit JSON store over lowdb's Low and the DurableJsonFile adapter.
// A commit changes memory at once (so compare-and-set inside a mutator is atomic) and resolves only
// once a write containing it is durable; commits of one macrotask, or arriving while a write is in
// flight, share one write. Failures roll memory back to the last durable state.
import { copyFile, constants, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { silentLogger, errorFields, type Logger } from '../log/logger.js';
import { storeContextFor } from './dataDir.js';
import { DurableJsonFile, type DurableFileOptions, type WriteStats } from './durableFile.js';
import { StoreCorruptError, StoreVersionError, StoreWriteError } from './errors.js';
import { WriteLoop } from './writeLoop.js';
import type { DocumentStore } from './documentStore.js';

export interface JsonStoreOptions<D> {
  file: string;
  schemaVersion: number;
  initial: () => D;
  /** Returns the typed data or throws (zod's parse; its first issue path is reported). */
  validate: (data: unknown) => D;
  /** migrations[v] turns version-v data into version v+1 data; pure functions. */
  migrations?: Record<number, (data: any) => any>;
  log?: Logger;
  /** Test hook, see DurableFileOptions. */
  beforeStep?: DurableFileOptions['beforeStep'];
  /** See DurableFileOptions; default: the key registered for the file's DATA_DIR. */
  ring?: DurableFileOptions['ring'];
}

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class JsonStore<D extends object> implements DocumentStore<D> {
  private durableText: string;
  private inFlightText: string | undefined;
  private inFlight: Waiter[] = [];
  private queued: Waiter[] = [];
  /** Writes of other stores this store's next write waits for (a commit together with them). */
  private gates: (() => Promise<unknown>)[] = [];
  private readonly writer = new WriteLoop(() => this.queued.length > 0, () => this.writeBatch());
  private closed = false;

  private constructor(
    private readonly low: Low<D>,
    private readonly adapter: DurableJsonFile<D>,
    private readonly log: Logger,
  ) {
    this.durableText = JSON.stringify(low.data);
  }

  static async open<D extends object>(opts: JsonStoreOptions<D>): Promise<JsonStore<D>> {
    const { file, schemaVersion } = opts;
    const log = (opts.log ?? silentLogger).child({ store: path.basename(file) });
    const adapter = new DurableJsonFile<D>(file, { schemaVersion, log, beforeStep: opts.beforeStep, ring: opts.ring });
    const env = await adapter.readEnvelope();
    const context = storeContextFor(file);
    let data: D;

    if (!env) {
      // New install: write the initial data now so the next start finds a file. A file missing next
      // to others refuses the start instead (StoreMissingError).
      context?.claimNew(file);
      data = validateOrThrow(opts, opts.initial());
      await mkdir(path.dirname(file), { recursive: true });
      await adapter.writeText(JSON.stringify(data));
      log.info('store.created', { schemaVersion });
    } else if (env.schemaVersion < schemaVersion) {
      for (let v = env.schemaVersion; v < schemaVersion; v++) {
        if (!opts.migrations?.[v]) {
          throw new StoreVersionError(file, env.schemaVersion, schemaVersion,
            `Store file ${file} has schema version ${env.schemaVersion}, but no migration from ${v} to ${v + 1} exists. Refusing to start; the file is untouched.`);
        }
      }
      const backup = await backupFile(file, env.schemaVersion);
      let migrated: unknown = env.data;
      for (let v = env.schemaVersion; v < schemaVersion; v++) migrated = opts.migrations![v]!(migrated);
      data = validateOrThrow(opts, migrated);
      await adapter.writeText(JSON.stringify(data));
      log.info('store.migrated', { from: env.schemaVersion, to: schemaVersion, backup: path.basename(backup) });
    } else {
      data = validateOrThrow(opts, env.data);
    }
    const low = new Low<D>(adapter, data);
    const store = new JsonStore(low, adapter, log);
    context?.noteOpened(file, store as unknown as JsonStore<object>);
    return store;
  }

  /** Current in-memory view. Treat as read-only and do not keep references across commits:
   *  a rollback replaces the whole object. */
  get data(): D {
    return this.low.data;
  }

  get file(): string {
    return this.adapter.file;
  }

  get name(): string {
    return path.basename(this.adapter.file);
  }

  get stats(): Readonly<WriteStats> {
    return this.adapter.stats;
  }

  /**
   * Applies `mutator` synchronously, then resolves with its result once the change is durable.
   * `after` (commitTogether): the write waits for it, and fails — memory rolled back — if it fails.
   */
  commit<R>(mutator: (draft: D) => R, after?: () => Promise<unknown>): Promise<R> {
    if (this.closed) return Promise.reject(new StoreWriteError(this.adapter.file, 'the store is closed'));
    let result: R;
    try {
      result = mutator(this.low.data);
      if (result instanceof Promise) throw new TypeError('JsonStore.commit: the mutator must be synchronous');
    } catch (err) {
      this.rollbackAfterMutatorError();
      return Promise.reject(err);
    }
    if (after) this.gates.push(after);
    return new Promise<R>((resolve, reject) => {
      this.queued.push({ resolve: () => resolve(result), reject });
      this.writer.schedule();
    });
  }

  /** Resolves when everything committed so far is durable (rejects if that write failed). */
  flush(): Promise<void> {
    if (this.queued.length === 0 && !this.writer.busy) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      // Wait on the write already carrying all changes if nothing newer is queued.
      (this.queued.length > 0 ? this.queued : this.inFlight).push({ resolve, reject });
    });
  }

  /** Flushes, then refuses further commits. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Writes the whole data once for every commit queued so far. */
  private async writeBatch(): Promise<() => void> {
    this.inFlight = this.queued;
    this.queued = [];
    const gates = this.gates;
    this.gates = [];
    try {
      await Promise.all(gates.map((gate) => gate()));
    } catch (err) {
      return () => this.failWrite(err);
    }
    const text = JSON.stringify(this.low.data);
    this.inFlightText = text;
    try {
      await this.adapter.writeText(text);
    } catch (err) {
      return () => this.failWrite(err);
    }
    return () => {
      this.durableText = text;
      this.inFlightText = undefined;
      const done = this.inFlight;
      this.inFlight = [];
      for (const w of done) w.resolve();
    };
  }

  private failWrite(err: unknown): void {
    this.log.error('store.write_failed', errorFields(err));
    this.low.data = JSON.parse(this.durableText) as D;
    const failed = [...this.inFlight, ...this.queued];
    this.inFlight = [];
    this.queued = [];
    this.gates = [];
    this.inFlightText = undefined;
    const code = (err as NodeJS.ErrnoException)?.code;
    for (const w of failed) {
      w.reject(new StoreWriteError(this.adapter.file, `the write failed${code ? ` (${code})` : ''}`, { cause: err }));
    }
  }

  private rollbackAfterMutatorError(): void {
    // The mutator may have half-changed the data; only a serialized state is known to be whole.
    this.low.data = JSON.parse(this.inFlightText ?? this.durableText) as D;
    const dropped = this.queued;
    this.queued = [];
    if (dropped.length > 0) this.log.warn('store.commits_dropped_after_mutator_error', { count: dropped.length });
    for (const w of dropped) {
      w.reject(new StoreWriteError(this.adapter.file, 'another change in the same batch failed and the batch was rolled back'));
    }
  }
}

function validateOrThrow<D>(opts: JsonStoreOptions<D>, data: unknown): D {
  try {
    return opts.validate(data);
  } catch (err) {
    const issue = (err as { issues?: { path?: PropertyKey[]; message?: string }[] }).issues?.[0];
    const where = issue ? `at "${(issue.path ?? []).map(String).join('.') || '(root)'}": ${issue.message ?? 'invalid'}` : 'validation failed';
    throw new StoreCorruptError(opts.file, `the data does not match the expected schema ${where}`, { cause: err });
  }
}

/** Copies the pre-migration file aside (never overwriting) and fsyncs the copy. */
async function backupFile(file: string, version: number): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backup = `${file}.v${version}.${stamp}.bak`;
  await copyFile(file, backup, constants.COPYFILE_EXCL);
  const fh = await open(backup, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  return backup;
}
