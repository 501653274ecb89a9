// Record counts and a checksum per store and for the audit trail, computed the same way on both sides
// of a migration. The checksum covers a canonical JSON (object keys sorted at every depth), because
// PostgreSQL's jsonb does not keep key order: equal checksums mean deep-equal data.
import { createHash } from 'node:crypto';
import { isCollectionValue } from '../postgres/changeTracker.js';
import type { Snapshot, StoreDocument } from './snapshot.js';

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const sha256Of = (value: unknown): string => createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');

export interface PartSummary {
  /** "checklists.json", or "audit.jsonl" for the audit trail. */
  name: string;
  /** Records per collection (the top-level maps), or { entries } for the audit trail. */
  counts: Record<string, number>;
  /** Top-level values that are not collections (counted as one each). */
  values: number;
  schemaVersion?: number;
  sha256: string;
}

export function summarizeStore(doc: StoreDocument): PartSummary {
  const counts: Record<string, number> = {};
  let values = 0;
  for (const [top, value] of Object.entries(doc.data)) {
    if (isCollectionValue(value)) counts[top] = Object.keys(value).length;
    else values++;
  }
  return { name: doc.name, counts, values, schemaVersion: doc.schemaVersion, sha256: sha256Of(doc.data) };
}

export function summarize(snapshot: Snapshot, auditName: string): PartSummary[] {
  return [
    ...snapshot.stores.map(summarizeStore),
    { name: auditName, counts: { entries: snapshot.audit.length }, values: 0, sha256: sha256Of(snapshot.audit) },
  ];
}

export interface VerifiedPart {
  source: PartSummary;
  /** Undefined: the part is missing from the copy. */
  copy: PartSummary | undefined;
  ok: boolean;
}

/** Pairs every source part with its copy; a part only in the copy counts as a mismatch too. */
export function compareSummaries(source: PartSummary[], copy: PartSummary[]): VerifiedPart[] {
  const byName = new Map(copy.map((p) => [p.name, p]));
  const result: VerifiedPart[] = source.map((s) => {
    const c = byName.get(s.name);
    byName.delete(s.name);
    const ok = c !== undefined && c.sha256 === s.sha256 && c.schemaVersion === s.schemaVersion && canonicalJson(c.counts) === canonicalJson(s.counts);
    return { source: s, copy: c, ok };
  });
  for (const extra of byName.values()) result.push({ source: { ...extra, counts: {}, values: 0, sha256: '' }, copy: extra, ok: false });
  return result;
}
