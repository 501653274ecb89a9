// botbuilder Storage (conversation/user state) over a document store named state.json — the durable
// JSON file, or rows in PostgreSQL shared by several instances. Optimistic concurrency follows
// MemoryStorage: a non-'*' eTag must match the stored one.
import { randomBytes } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../log/logger.js';
import type { DocumentStore } from '../store/documentStore.js';
import { openStore } from '../store/engine.js';

export interface StateItem {
  eTag: string;
  value: Record<string, unknown>;
  /** Last write; retention deletes dialog state untouched for its period. */
  at?: string;
}
export interface StateData {
  items: Record<string, StateItem>;
}

const STATE_SCHEMA_VERSION = 1;
const stateSchema = z.object({
  items: z.record(z.string(), z.object({ eTag: z.string(), value: z.record(z.string(), z.unknown()), at: z.string().optional() })),
});

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const freshETag = () => randomBytes(9).toString('base64url');
/** Own properties only: a key such as "constructor" must not find Object.prototype members. */
const own = (items: Record<string, StateItem>, key: string) => (Object.hasOwn(items, key) ? items[key] : undefined);

function checkKey(key: string): void {
  // Assigning "__proto__" would change the object's prototype instead of storing an item.
  if (key === '__proto__') throw new Error('Storage: the key "__proto__" is not allowed.');
}

export class StoreStateStorage implements Storage {
  constructor(private readonly store: DocumentStore<StateData>) {}

  static async open(file: string, log?: Logger): Promise<StoreStateStorage> {
    const store = await openStore<StateData>({
      file,
      schemaVersion: STATE_SCHEMA_VERSION,
      initial: () => ({ items: {} }),
      validate: (d) => stateSchema.parse(d),
      log,
    });
    return new StoreStateStorage(store);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const result: StoreItems = {};
    for (const key of keys) {
      const item = own(this.store.data.items, key);
      if (item) result[key] = { ...copy(item.value), eTag: item.eTag };
    }
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const keys = Object.keys(changes);
    if (keys.length === 0) return;
    // Check every eTag before changing anything (all-or-nothing). This runs in the same synchronous
    // step as the commit below, so no other write can slip in between. Conflicts are thrown here,
    // not inside the mutator, so they do not roll back other callers' queued commits.
    const conflictIn = (items: Record<string, StateItem>) => {
      for (const key of keys) {
        const eTag: unknown = changes[key]?.eTag;
        const current = own(items, key);
        if (current && typeof eTag === 'string' && eTag !== '' && eTag !== '*' && eTag !== current.eTag) {
          return new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        }
      }
      return undefined;
    };
    keys.forEach(checkKey);
    const conflict = conflictIn(this.store.data.items);
    if (conflict) throw conflict;
    const values = keys.map((key) => {
      const { eTag: _ignored, ...value } = (changes[key] ?? {}) as Record<string, unknown>;
      return copy(value);
    });
    const at = new Date().toISOString();
    await this.store.commit((d) => {
      // Checked again inside the commit: with several instances (PostgreSQL) another one may have
      // written since; the commit runs on its latest state and fails alone. On the JSON file this
      // is the same state as above and never throws.
      const late = conflictIn(d.items);
      if (late) throw late;
      keys.forEach((key, i) => {
        d.items[key] = { eTag: freshETag(), value: values[i]!, at };
      });
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    const present = keys.filter((key) => own(this.store.data.items, key));
    if (present.length === 0) return;
    await this.store.commit((d) => {
      for (const key of present) delete d.items[key];
    });
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
