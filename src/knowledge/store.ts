// DATA_DIR/knowledge.json: knowledge entries, expert questions, material and announcements with their id
// counters. Owned by the knowledge capabilities; validated on open, written durably through JsonStore
// (group commit), like every other capability's file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { nextYearlyId } from '../store/ids.js';
import type { DocumentStore } from '../store/documentStore.js';
import { openCapabilityStore } from '../store/capabilityStore.js';
import type { Logger } from '../log/logger.js';
import { emptyKnowledge, knowledgeDataSchema, type KnowledgeData } from './types.js';

export const KNOWLEDGE_FILE = 'knowledge.json';
export const KNOWLEDGE_SCHEMA_VERSION = 1;

/** Pure migrations: key n upgrades schema version n to n + 1. */
export const knowledgeMigrations: Record<number, (data: any) => any> = {};

export interface KnowledgeStoreOptions {
  dataDir: string;
  /** What a new installation starts with (the shipped sample outside production). */
  initial?: () => KnowledgeData;
  log?: Logger;
}

export function knowledgeFile(dataDir: string): string {
  return path.join(dataDir, KNOWLEDGE_FILE);
}

export function isNewKnowledgeStore(dataDir: string): boolean {
  return !existsSync(knowledgeFile(dataDir));
}

export function openKnowledgeStore(opts: KnowledgeStoreOptions): Promise<DocumentStore<KnowledgeData>> {
  const spec = { fileName: KNOWLEDGE_FILE, schemaVersion: KNOWLEDGE_SCHEMA_VERSION, schema: knowledgeDataSchema, initial: opts.initial ?? emptyKnowledge, migrations: knowledgeMigrations };
  return openCapabilityStore(opts.dataDir, spec, opts.log ? { log: opts.log } : {});
}

/** Next human-readable id for a prefix and year ("KB-2026-0001"), from the shared generator; call inside a commit. */
export function nextId(draft: KnowledgeData, prefix: string, now: Date, timeZone = 'Europe/Berlin'): string {
  return nextYearlyId(draft.counters, prefix, now, timeZone);
}
