// Records which rows a commit's mutator touched, so a commit writes O(changed records), not the whole
// document. A store's data is split into rows: each top-level plain object is a collection whose
// own keys are rows ("cases" → one row per case); any other top-level value (array, scalar) is one
// row of the pseudo-collection VALUE_COLLECTION. The mutator gets a proxy of the document and of its
// collections; a row it reaches is handed out as the real object (so structuredClone and the like
// work on it, as they do on the JSON engine), its original kept as JSON. After the mutator, the rows
// whose JSON changed are written; a rollback puts the originals back.
export const VALUE_COLLECTION = '$';

export type RowRef = { coll: string; key: string };
const refId = (coll: string, key: string) => `${coll}\u0000${key}`;

export const isCollectionValue = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const PROXY_TARGET = Symbol('proxyTarget');
const unwrap = <T>(v: T): T => (typeof v === 'object' && v !== null && (v as any)[PROXY_TARGET]) || v;
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

export class ChangeTracker<D extends Record<string, any>> {
  /** Rows the mutator reached or wrote, with their JSON before (undefined: the row did not exist). */
  private readonly touched = new Map<string, { ref: RowRef; original: string | undefined }>();
  /** Collections replaced as a whole (draft.entries = {...}), with their original. */
  private readonly replaced = new Map<string, unknown>();
  private active = true;

  constructor(private readonly data: D) {}

  /** The proxy the mutator works on. */
  draft(): D {
    return new Proxy(this.data, {
      get: (target, prop, receiver) => {
        if (prop === PROXY_TARGET) return target;
        const value = Reflect.get(target, prop, receiver);
        if (typeof prop !== 'string' || typeof value !== 'object' || value === null || !Object.hasOwn(target, prop)) return value;
        if (isCollectionValue(value)) return this.collectionProxy(prop, value);
        this.note({ coll: VALUE_COLLECTION, key: prop });
        return value;
      },
      set: (target, prop, value) => {
        if (typeof prop === 'string') this.noteWholeTopLevel(prop);
        return Reflect.set(target, prop, unwrap(value));
      },
      deleteProperty: (target, prop) => {
        if (typeof prop === 'string') this.noteWholeTopLevel(prop);
        return Reflect.deleteProperty(target, prop);
      },
    });
  }

  /** Stops recording: later access through a proxy the mutator kept goes to memory only. */
  finish(): void {
    this.active = false;
  }

  /** Rows to write (changed and present) and to delete (gone), after the mutator ran. */
  changes(): { upserts: (RowRef & { value: unknown })[]; deletes: RowRef[]; replacedCollections: string[] } {
    const upserts: (RowRef & { value: unknown })[] = [];
    const deletes: RowRef[] = [];
    for (const { ref, original } of this.touched.values()) {
      if (this.replaced.has(ref.coll)) continue;
      const rows = this.rowsOf(ref.coll);
      const present = rows !== undefined && Object.hasOwn(rows, ref.key) && rows[ref.key] !== undefined;
      if (!present) {
        if (original !== undefined) deletes.push(ref);
        continue;
      }
      const now = JSON.stringify(rows[ref.key]);
      if (now !== original) upserts.push({ ...ref, value: JSON.parse(now) });
    }
    for (const coll of this.replaced.keys()) {
      const rows = this.data[coll];
      if (isCollectionValue(rows)) for (const [key, value] of Object.entries(rows)) upserts.push({ coll, key, value: clone(value) });
    }
    return { upserts, deletes, replacedCollections: [...this.replaced.keys()] };
  }

  /** Puts every touched row back as it was before the mutator. */
  rollback(): void {
    for (const [coll, original] of this.replaced) (this.data as any)[coll] = original;
    for (const { ref, original } of this.touched.values()) {
      if (this.replaced.has(ref.coll)) continue;
      const rows = this.rowsOf(ref.coll);
      if (!rows) continue;
      if (original === undefined) delete rows[ref.key];
      else rows[ref.key] = JSON.parse(original);
    }
  }

  private rowsOf(coll: string): Record<string, unknown> | undefined {
    return (coll === VALUE_COLLECTION ? this.data : this.data[coll]) as Record<string, unknown> | undefined;
  }

  private noteWholeTopLevel(prop: string): void {
    if (!this.active) return;
    const current = this.data[prop];
    if (isCollectionValue(current)) {
      if (!this.replaced.has(prop)) this.replaced.set(prop, clone(current));
    } else this.note({ coll: VALUE_COLLECTION, key: prop });
  }

  /** Keeps the row's JSON the first time the mutator reaches it. */
  private note(ref: RowRef): void {
    if (!this.active) return;
    const id = refId(ref.coll, ref.key);
    if (this.touched.has(id)) return;
    const rows = this.rowsOf(ref.coll);
    const original = rows && Object.hasOwn(rows, ref.key) && rows[ref.key] !== undefined ? JSON.stringify(rows[ref.key]) : undefined;
    this.touched.set(id, { ref, original });
  }

  private collectionProxy(coll: string, rows: Record<string, unknown>): Record<string, unknown> {
    return new Proxy(rows, {
      get: (target, prop, receiver) => {
        if (prop === PROXY_TARGET) return target;
        const value = Reflect.get(target, prop, receiver);
        if (typeof prop === 'string' && typeof value === 'object' && value !== null && Object.hasOwn(target, prop)) this.note({ coll, key: prop });
        return value;
      },
      set: (target, prop, value) => {
        if (typeof prop === 'string') this.note({ coll, key: prop });
        return Reflect.set(target, prop, unwrap(value));
      },
      defineProperty: (target, prop, descriptor) => {
        if (typeof prop === 'string') this.note({ coll, key: prop });
        return Reflect.defineProperty(target, prop, descriptor);
      },
      deleteProperty: (target, prop) => {
        if (typeof prop === 'string') this.note({ coll, key: prop });
        return Reflect.deleteProperty(target, prop);
      },
    });
  }
}
