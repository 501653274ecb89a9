// How a store's document maps to rows of doc_rows: each top-level plain object is a collection with one
// row per key, any other top-level value one row of VALUE_COLLECTION; `doc_heads.shape` remembers which.
import type pg from 'pg';
import { VALUE_COLLECTION, isCollectionValue } from './changeTracker.js';

/** Splits a document into rows: collections by key, other top-level values as one row each. */
export function documentRows(data: object): { coll: string; key: string; value: unknown }[] {
  const rows: { coll: string; key: string; value: unknown }[] = [];
  for (const [top, value] of Object.entries(data)) {
    if (isCollectionValue(value)) for (const [key, v] of Object.entries(value)) rows.push({ coll: top, key, value: v });
    else rows.push({ coll: VALUE_COLLECTION, key: top, value });
  }
  return rows;
}

export type DocumentShape = Record<string, 'map' | 'value'>;

export function shapeOf(data: object): DocumentShape {
  return Object.fromEntries(Object.entries(data).map(([top, value]) => [top, isCollectionValue(value) ? 'map' : 'value']));
}

/** Reassembles a document; collections with no rows come back empty. */
export function assembleDocument(shape: DocumentShape, rows: { coll: string; key: string; value: unknown }[]): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [top, kind] of Object.entries(shape)) if (kind === 'map') doc[top] = {};
  for (const row of rows) {
    if (row.coll === VALUE_COLLECTION) doc[row.key] = row.value;
    else ((doc[row.coll] ??= {}) as Record<string, unknown>)[row.key] = row.value;
  }
  return doc;
}

export async function writeAllRows(client: pg.PoolClient, store: string, data: object, seq: number): Promise<void> {
  const rows = documentRows(data);
  for (let i = 0; i < rows.length; i += 5000) {
    await client.query(
      `INSERT INTO doc_rows (store, coll, key, value, seq)
       SELECT $1, x.coll, x.key, x.value, $2 FROM jsonb_to_recordset($3::jsonb) AS x(coll text, key text, value jsonb)`,
      [store, seq, JSON.stringify(rows.slice(i, i + 5000))],
    );
  }
}
