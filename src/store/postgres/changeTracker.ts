// Records which rows a commit's mutator touched, so a commit writes O(changed records), not the whole
// document. A store's data is split into rows: each top-level plain object is a collection whose
// own keys are rows ("cases" → one row per case); any other top-level value (array, scalar) is one
// row of the pseudo-collection VALUE_COLLECTION. The mutator gets a proxy; every write through it,
// at any depth, marks the row it belongs to and keeps the row's original for a rollback.
export const VALUE_COLLECTION = '$';

export type RowRef = { coll: string; key: string };
const refId = (coll: string, key: string) => `${coll}\u0000${key}`;

export const isCollectionValue = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const PROXY_TARGET = Symbol('proxyTarget');
const unwrap = <T>(v: T): T => (typeof v === 'object' && v !== null && (v as any)[PROXY_TARGET]) || v;
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

export class ChangeTracker<D extends Record<string, any>> {
  /** Rows touched, with their value before the first write (undefined: the row did not exist). */
  private readonly touched = new Map<string, { ref: RowRef; original: unknown }>();
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
        if (typeof prop !== 'string' || typeof value !== 'object' || value === null) return value;
        return isCollectionValue(value) ? this.collectionProxy(prop, value) : this.rowProxy({ coll: VALUE_COLLECTION, key: prop }, value);
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

  /** Stops recording: later writes through a proxy the mutator returned go to memory only. */
  finish(): void {
    this.active = false;
  }

  /** Rows to write (present in data) and to delete (absent), after the mutator ran. */
  changes(): { upserts: (RowRef & { value: unknown })[]; deletes: RowRef[]; replacedCollections: string[] } {
    const upserts: (RowRef & { value: unknown })[] = [];
    const deletes: RowRef[] = [];
    const rowsOf = (coll: string) => (coll === VALUE_COLLECTION ? this.data : this.data[coll]) as Record<string, unknown> | undefined;
    for (const { ref } of this.touched.values()) {
      if (this.replaced.has(ref.coll)) continue;
      const rows = rowsOf(ref.coll);
      if (rows && Object.hasOwn(rows, ref.key) && rows[ref.key] !== undefined) upserts.push({ ...ref, value: clone(rows[ref.key]) });
      else deletes.push(ref);
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
      const rows = (ref.coll === VALUE_COLLECTION ? this.data : this.data[ref.coll]) as Record<string, unknown>;
      if (original === undefined) delete rows[ref.key];
      else rows[ref.key] = original;
    }
  }

  private noteWholeTopLevel(prop: string): void {
    if (!this.active) return;
    const current = this.data[prop];
    if (isCollectionValue(current)) {
      if (!this.replaced.has(prop)) this.replaced.set(prop, clone(current));
    } else this.noteRow({ coll: VALUE_COLLECTION, key: prop });
  }

  private noteRow(ref: RowRef): void {
    if (!this.active) return;
    const id = refId(ref.coll, ref.key);
    if (this.touched.has(id)) return;
    const rows = (ref.coll === VALUE_COLLECTION ? this.data : this.data[ref.coll]) as Record<string, unknown> | undefined;
    const original = rows && Object.hasOwn(rows, ref.key) ? clone(rows[ref.key]) : undefined;
    this.touched.set(id, { ref, original });
  }

  private collectionProxy(coll: string, rows: Record<string, unknown>): Record<string, unknown> {
    return new Proxy(rows, {
      get: (target, prop, receiver) => {
        if (prop === PROXY_TARGET) return target;
        const value = Reflect.get(target, prop, receiver);
        if (typeof prop !== 'string' || typeof value !== 'object' || value === null || !Object.hasOwn(target, prop)) return value;
        return this.rowProxy({ coll, key: prop }, value);
      },
      set: (target, prop, value) => {
        if (typeof prop === 'string') this.noteRow({ coll, key: prop });
        return Reflect.set(target, prop, unwrap(value));
      },
      defineProperty: (target, prop, descriptor) => {
        if (typeof prop === 'string') this.noteRow({ coll, key: prop });
        return Reflect.defineProperty(target, prop, descriptor);
      },
      deleteProperty: (target, prop) => {
        if (typeof prop === 'string') this.noteRow({ coll, key: prop });
        return Reflect.deleteProperty(target, prop);
      },
    });
  }

  /** Any object inside a row: writes at any depth mark that row. */
  private rowProxy(ref: RowRef, value: object): any {
    return new Proxy(value, {
      get: (target, prop, receiver) => {
        if (prop === PROXY_TARGET) return target;
        const inner = Reflect.get(target, prop, receiver);
        return typeof inner === 'object' && inner !== null ? this.rowProxy(ref, inner) : inner;
      },
      set: (target, prop, v) => {
        this.noteRow(ref);
        return Reflect.set(target, prop, unwrap(v));
      },
      defineProperty: (target, prop, descriptor) => {
        this.noteRow(ref);
        return Reflect.defineProperty(target, prop, descriptor);
      },
      deleteProperty: (target, prop) => {
        this.noteRow(ref);
        return Reflect.deleteProperty(target, prop);
      },
    });
  }
}
