// The data directory as a whole: the single-writer lock, the store key every file in it is sealed
// with, and the record of which store files belong to it (DATA_DIR/.store-files.json). A store file
// that is missing next to other existing files refuses the start instead of beginning empty — a
// wrongly mounted volume must not look like a new install.
//
// Stores find their directory's context by file path (no change to each capability's open call);
// files opened outside any registered directory (unit tests, tools) behave as before: plain, created on demand.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { silentLogger, type Logger } from '../log/logger.js';
import { replaceFileDurably } from './durableReplace.js';
import type { KeyRing } from './encryption.js';
import { StoreCorruptError, StoreMissingError } from './errors.js';
import type { DocumentStore } from './documentStore.js';
import type { StoreLookup } from './engine.js';
import { acquireLock, type DataDirLock } from './lock.js';

export const MANIFEST_FILE = '.store-files.json';

/** Store files are the directory's visible .json / .jsonl files; lock, temp files, backups and the manifest are not. */
export const isStoreFileName = (name: string): boolean => !name.startsWith('.') && /\.jsonl?$/.test(name);

export interface StoreContext extends StoreLookup {
  readonly dir: string;
  /** Undefined: files are written in plain text (development, or STORE_ENCRYPTION=off). */
  readonly ring: KeyRing | undefined;
  /** Throws StoreMissingError unless `file` may be created now. */
  claimNew(file: string): void;
  /** Notes a store file that was opened, for the manifest (and the open store, for retention and erasure). */
  noteOpened(file: string, store?: DocumentStore<object>): void;
  /** The open store of a file name such as "escalations.json" in this directory. */
  storeOf(name: string): DocumentStore<object> | undefined;
}

const contexts = new Map<string, StoreContext>();

/** The context of the directory holding `file`, if one is registered. */
export function storeContextFor(file: string): StoreContext | undefined {
  return contexts.get(path.dirname(path.resolve(file)));
}

/** The key a file is sealed with, or undefined for plain files. */
export const ringFor = (file: string): KeyRing | undefined => storeContextFor(file)?.ring;

export async function listStoreFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  return names.filter(isStoreFileName).sort();
}

const manifestSchema = z.strictObject({ version: z.literal(1), files: z.array(z.string().refine(isStoreFileName)) });

async function readManifest(dir: string): Promise<Set<string> | undefined> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StoreCorruptError(file, `it cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed;
  try {
    parsed = manifestSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) throw new StoreCorruptError(file, 'it is not a valid list of store files');
  return new Set(parsed.data.files);
}

async function writeManifest(dir: string, files: Iterable<string>): Promise<void> {
  await replaceFileDurably(path.join(dir, MANIFEST_FILE), JSON.stringify({ version: 1, files: [...new Set(files)].sort() }) + '\n');
}

export interface OpenDataDirOptions {
  ring?: KeyRing;
  /** npm run store:init: every missing store file may be created. */
  init?: boolean;
  log?: Logger;
}

export interface OpenDataDir {
  readonly dir: string;
  readonly ring: KeyRing | undefined;
  readonly context: StoreContext;
  /** Records every store file opened so far as belonging here; call once all stores are open. */
  saveManifest(): Promise<void>;
  /** Unregisters the directory and releases the lock. */
  release(): Promise<void>;
}

/** Takes the lock, checks that no recorded store file is missing, and registers key and rules for the directory's stores. */
export async function openDataDir(dataDir: string, opts: OpenDataDirOptions = {}): Promise<OpenDataDir> {
  const dir = path.resolve(dataDir);
  const log = opts.log ?? silentLogger;
  const lock: DataDirLock = await acquireLock(dir, log);
  try {
    const existing = new Set(await listStoreFiles(dir));
    const manifest = await readManifest(dir);
    const missing = [...(manifest ?? [])].filter((name) => !existing.has(name));
    if (missing.length > 0 && !opts.init) {
      throw new StoreMissingError(missing.map((n) => path.join(dir, n)), dir, 'it was created here before and is listed in ' + MANIFEST_FILE);
    }
    const fresh = existing.size === 0;
    const opened = new Set<string>();
    const stores = new Map<string, DocumentStore<object>>();
    const context: StoreContext = {
      dir,
      ring: opts.ring,
      claimNew(file) {
        const name = path.basename(file);
        if (opts.init || fresh || (manifest && !manifest.has(name))) return; // new install, explicit init, or a store added by an upgrade
        const why = manifest ? `it is listed in ${MANIFEST_FILE}` : `other store files exist (${[...existing].join(', ')})`;
        throw new StoreMissingError([file], dir, why);
      },
      noteOpened(file, store) {
        opened.add(path.basename(file));
        if (store) stores.set(path.basename(file), store);
      },
      storeOf: (name) => stores.get(name),
    };
    contexts.set(dir, context);
    return {
      dir,
      ring: opts.ring,
      context,
      async saveManifest() {
        await writeManifest(dir, [...(manifest ?? []), ...opened]);
      },
      async release() {
        if (contexts.get(dir) === context) contexts.delete(dir);
        await lock.release();
      },
    };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/**
 * Registers only the key for a directory another process may hold (read-only tools such as the
 * directory export, which run next to the bot). Returns the unregister function.
 */
export function useStoreKey(dataDir: string, ring: KeyRing | undefined): () => void {
  const dir = path.resolve(dataDir);
  const context: StoreContext = { dir, ring, claimNew: () => {}, noteOpened: () => {}, storeOf: () => undefined };
  contexts.set(dir, context);
  return () => {
    if (contexts.get(dir) === context) contexts.delete(dir);
  };
}
