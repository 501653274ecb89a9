// The shipped "Beispieldaten" (data/knowledge-sample.json, data/material-sample.json) a new installation
// outside production starts with. Dates are relative to the first start, so the sample shows one
// "veraltet" entry and one expired item whenever it is installed. Validated like every record.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isoDay } from '../directory/types.js';
import { nextId } from './store.js';
import { emptyKnowledge, entrySchema, knowledgeDataSchema, materialSchema, type KnowledgeData } from './types.js';

export const KNOWLEDGE_SAMPLE = fileURLToPath(new URL('../../data/knowledge-sample.json', import.meta.url));
export const MATERIAL_SAMPLE = fileURLToPath(new URL('../../data/material-sample.json', import.meta.url));

const DAY = 24 * 60 * 60 * 1000;

const sampleEntry = entrySchema.pick({ question: true, answer: true, topics: true, source: true }).extend({ confirmedDaysAgo: z.int().min(0).max(3650) });
const sampleMaterial = materialSchema
  .pick({ title: true, topic: true, languages: true, format: true, edition: true, translatedBy: true, checkedBy: true, link: true, audience: true })
  .extend({ validUntilDaysAhead: z.int().min(-3650).max(3650).optional() });

const entriesFile = z.strictObject({ comment: z.string(), entries: z.array(sampleEntry).max(500) });
const materialFile = z.strictObject({ comment: z.string(), material: z.array(sampleMaterial).max(500) });

export function loadKnowledgeSample(now: Date, timeZone: string, files = { entries: KNOWLEDGE_SAMPLE, material: MATERIAL_SAMPLE }): KnowledgeData {
  const data = emptyKnowledge();
  const at = now.toISOString();
  const day = (offset: number) => isoDay(new Date(now.getTime() + offset * DAY), timeZone);
  const entries = entriesFile.parse(JSON.parse(readFileSync(files.entries, 'utf8'))).entries;
  for (const { confirmedDaysAgo, ...e } of entries) {
    const id = nextId(data, 'KB', now);
    data.entries[id] = {
      id, version: 1, kind: 'faq', status: 'active', ...e, validFrom: day(-confirmedDaysAgo), lastConfirmed: day(-confirmedDaysAgo),
      authorUnit: 'koordinierungsstelle', helpful: 0, notHelpful: 0, sample: true, createdBy: 'sample', createdAt: at, updatedBy: 'sample', updatedAt: at,
    };
  }
  const material = materialFile.parse(JSON.parse(readFileSync(files.material, 'utf8'))).material;
  for (const { validUntilDaysAhead, ...m } of material) {
    const id = nextId(data, 'MAT', now);
    data.material[id] = { id, version: 1, ...m, ...(validUntilDaysAhead !== undefined ? { validUntil: day(validUntilDaysAhead) } : {}), sample: true, createdAt: at, updatedAt: at };
  }
  return knowledgeDataSchema.parse(data);
}
