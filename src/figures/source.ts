// Reads the capability stores (interpreters.json, escalations.json, checklists.json, directory.json)
// without opening them, from the JSON files or the database (storeReader): a read sees one whole
// version. Facts are cached per file version (inode, size, mtime) and
// per record version, so a changed file costs one parse and only changed records are re-derived;
// concurrent callers share one read.
import path from 'node:path';
import { readStoreDocument, storeStamp } from '../store/storeReader.js';
import { INTERPRETER_FILE, INTERPRETER_SCHEMA_VERSION } from '../interpreters/store.js';
import { ESCALATIONS_FILE, ESCALATIONS_SCHEMA_VERSION } from '../escalations/store.js';
import { CHECKLIST_SCHEMA_VERSION } from '../checklists/store.js';
import { DIRECTORY_FILE, DIRECTORY_SCHEMA_VERSION } from '../directory/service.js';
import type { RateTable } from '../interpreters/cost.js';
import type { Clock } from '../time/clock.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { checklistFact, escalationFact, interpreterFact, type ChecklistFact, type DirectoryFact, type EscalationFact, type InterpreterFact } from './facts.js';

export const CHECKLISTS_FILE = 'checklists.json';

export interface FactSet {
  interpreters: InterpreterFact[];
  escalations: EscalationFact[];
  checklists: ChecklistFact[];
  directory: DirectoryFact[];
  /** Changes whenever any file changed: the key of cached results. */
  version: string;
}

/** Where figures come from: the store files, or facts handed in (tests, benchmarks). */
export interface FactSource {
  facts(): Promise<FactSet>;
}

interface FileCache<F> {
  stamp: string;
  facts: F[];
  /** record id → [record version stamp, fact] */
  records: Map<string, [string, F | undefined]>;
}

type Extract<F> = (raw: unknown) => F | undefined;

export class StoreFileSource implements FactSource {
  private readonly caches = new Map<string, FileCache<unknown>>();
  private loading: Promise<FactSet> | undefined;

  constructor(
    private readonly opts: { dataDir: string; rates: RateTable; timeZone: string; clock: Clock; log?: Logger },
  ) {}

  facts(): Promise<FactSet> {
    // One read at a time; callers arriving meanwhile share it.
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<FactSet> {
    const { timeZone, rates, clock } = this.opts;
    const now = clock.now();
    const [interpreters, escalations, checklists, directory] = await Promise.all([
      this.read<InterpreterFact>(INTERPRETER_FILE, INTERPRETER_SCHEMA_VERSION, (d) => records(d, 'requests'), versionOf, (r) => interpreterFact(r, rates, timeZone)),
      // The SLA of an open case depends on the time, so escalations are re-derived at least hourly.
      this.read<EscalationFact>(ESCALATIONS_FILE, ESCALATIONS_SCHEMA_VERSION, (d) => records(d, 'cases'), (r) => `${versionOf(r)}@${hourOf(now)}`, (r) => escalationFact(r, now, timeZone)),
      this.read<ChecklistFact>(CHECKLISTS_FILE, CHECKLIST_SCHEMA_VERSION, (d) => records(d, 'runs'), (r) => String((r as { updatedAt?: unknown }).updatedAt), (r) => checklistFact(r, timeZone)),
      this.read<DirectoryFact>(DIRECTORY_FILE, DIRECTORY_SCHEMA_VERSION, directoryRecords, (r) => JSON.stringify(r), (r) => r as DirectoryFact),
    ]);
    const version = [interpreters.stamp, escalations.stamp, checklists.stamp, directory.stamp, hourOf(now)].join(';');
    return { interpreters: interpreters.facts, escalations: escalations.facts, checklists: checklists.facts, directory: directory.facts, version };
  }

  private async read<F>(
    name: string,
    schemaVersion: number,
    list: (data: unknown) => [string, unknown][],
    recordVersion: (raw: unknown) => string,
    extract: Extract<F>,
  ): Promise<{ stamp: string; facts: F[] }> {
    const file = path.join(this.opts.dataDir, name);
    const stamp = await storeStamp(file);
    const cached = this.caches.get(name) as FileCache<F> | undefined;
    if (cached && cached.stamp === stamp) return cached;
    if (stamp === 'none') return { stamp, facts: [] };
    const env = await readStoreDocument(file, schemaVersion);
    const previous = cached?.records ?? new Map<string, [string, F | undefined]>();
    const next = new Map<string, [string, F | undefined]>();
    const facts: F[] = [];
    let skipped = 0;
    for (const [id, raw] of env ? list(env.data) : []) {
      const v = recordVersion(raw);
      const known = previous.get(id);
      const fact = known && known[0] === v ? known[1] : extract(raw);
      next.set(id, [v, fact]);
      if (fact) facts.push(fact);
      else skipped++;
    }
    if (skipped > 0) (this.opts.log ?? silentLogger).debug('figures.recordsSkipped', { file: name, skipped });
    const entry: FileCache<F> = { stamp, facts, records: next };
    this.caches.set(name, entry as FileCache<unknown>);
    return entry;
  }
}

function records(data: unknown, field: string): [string, unknown][] {
  const table = (data as Record<string, unknown> | null)?.[field];
  return table && typeof table === 'object' ? Object.entries(table as Record<string, unknown>) : [];
}

/** Version and last change: an id can come back with other content (a restored backup). */
function versionOf(raw: unknown): string {
  const r = raw as { version?: unknown; updatedAt?: unknown };
  return `${String(r.version)}@${String(r.updatedAt)}`;
}

function hourOf(now: Date): string {
  return now.toISOString().slice(0, 13);
}

function directoryRecords(data: unknown): [string, unknown][] {
  const d = data as { contacts?: Record<string, { institutionId?: string; lastConfirmed?: string }>; responsibilities?: { institutionId: string; lastConfirmed?: string }[] };
  const out: [string, DirectoryFact][] = [];
  for (const [id, c] of Object.entries(d.contacts ?? {})) out.push([`c:${id}`, fact('contact', c)]);
  (d.responsibilities ?? []).forEach((r, i) => out.push([`r:${i}`, fact('responsibility', r)]));
  return out;
}

function fact(kind: DirectoryFact['kind'], r: { institutionId?: unknown; lastConfirmed?: unknown }): DirectoryFact {
  return {
    kind,
    ...(typeof r.institutionId === 'string' ? { institutionId: r.institutionId } : {}),
    ...(typeof r.lastConfirmed === 'string' ? { lastConfirmed: r.lastConfirmed } : {}),
  };
}

/** Facts held in memory: tests and benchmarks. */
export class StaticFactSource implements FactSource {
  constructor(private readonly set: FactSet) {}
  facts(): Promise<FactSet> {
    return Promise.resolve(this.set);
  }
}
