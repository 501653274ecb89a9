// The lowdb side of a migration: reading a DATA_DIR (every store file its manifest lists, unsealed
// with the key ring, checksums verified by the envelope reader; the audit log line by line) and
// writing one — store files through the JSON store itself, so envelope, checksum, encryption and
// manifest are exactly what the bot writes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readAuditFile, type StoredAuditEntry } from '../../audit/auditLog.js';
import { listStoreFiles, MANIFEST_FILE, type OpenDataDir } from '../dataDir.js';
import { DurableJsonFile } from '../durableFile.js';
import { replaceFileDurably } from '../durableReplace.js';
import { seal, type KeyRing } from '../encryption.js';
import { JsonStore } from '../jsonStore.js';
import { MigrationRefusal } from './refusal.js';
import { AUDIT_FILE, type Snapshot, type StoreDocument } from './snapshot.js';

const manifestSchema = z.object({ version: z.literal(1), files: z.array(z.string()) });

/** The store files DATA_DIR records as its own (.store-files.json, written by the bot at every start). */
async function listedFiles(dir: string): Promise<string[]> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new MigrationRefusal(`DATA_DIR ${dir} has no ${MANIFEST_FILE} listing its store files. Start the bot once with this DATA_DIR (or run npm run store:init), then migrate. Nothing was copied.`);
  }
  let parsed;
  try {
    parsed = manifestSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) throw new MigrationRefusal(`${file} is not a valid list of store files. Nothing was copied.`, 1);
  return [...new Set(parsed.data.files)].sort();
}

/** Reads every store and the audit log of DATA_DIR. The caller holds the directory's lock. */
export async function readDataDir(dir: string, ring: KeyRing | undefined): Promise<Snapshot> {
  const listed = await listedFiles(dir);
  const unlisted = (await listStoreFiles(dir)).filter((name) => !listed.includes(name));
  if (unlisted.length > 0) {
    // Copying only the listed files would silently leave data behind.
    throw new MigrationRefusal(`DATA_DIR ${dir} holds files that ${MANIFEST_FILE} does not list (${unlisted.join(', ')}). Start the bot once with this DATA_DIR (it records its store files) or move them away. Nothing was copied.`);
  }
  const stores: StoreDocument[] = [];
  let audit: StoredAuditEntry[] = [];
  for (const name of listed) {
    const file = path.join(dir, name);
    if (name === AUDIT_FILE) {
      audit = await readAuditFile(file, ring);
    } else if (name.endsWith('.json')) {
      // Any schema version is read as it is; the engine migrates it when the bot opens the store.
      const env = await new DurableJsonFile(file, { schemaVersion: Number.MAX_SAFE_INTEGER, ring: ring ?? null }).readEnvelope();
      if (!env) throw new MigrationRefusal(`Store file ${file} is listed in ${MANIFEST_FILE} but missing. Restore it from a backup. Nothing was copied.`, 1);
      stores.push({ name, schemaVersion: env.schemaVersion, data: env.data as Record<string, unknown> });
    } else {
      throw new MigrationRefusal(`DATA_DIR ${dir} lists ${name}, a log this version cannot migrate (only ${AUDIT_FILE}). Nothing was copied.`);
    }
  }
  return { stores, audit };
}

/** The field order the audit log writes (jsonb returns keys in its own order). */
const AUDIT_FIELDS = ['time', 'actor', 'action', 'record', 'role', 'outcome'];
const inFileOrder = (entry: StoredAuditEntry): Record<string, unknown> => {
  const e = entry as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const k of AUDIT_FIELDS) if (k in e) ordered[k] = e[k];
  for (const k of Object.keys(e)) if (!(k in ordered)) ordered[k] = e[k];
  return ordered;
};

/** Writes every store and the audit log into the (empty, locked) directory, then records them in the manifest. */
export async function writeDataDir(target: OpenDataDir, snapshot: Snapshot): Promise<void> {
  for (const doc of snapshot.stores) {
    // A new file whose initial data is the document: the store writes the envelope (sealed with the directory's key).
    const store = await JsonStore.open<Record<string, unknown>>({
      file: path.join(target.dir, doc.name),
      schemaVersion: doc.schemaVersion,
      initial: () => doc.data,
      validate: (data) => data as Record<string, unknown>,
    });
    await store.close();
  }
  const auditFile = path.join(target.dir, AUDIT_FILE);
  // Sealed line by line, as the audit log appends.
  const lines = snapshot.audit.map((e) => {
    const json = JSON.stringify(inFileOrder(e));
    return (target.ring ? seal(target.ring, AUDIT_FILE, json) : json) + '\n';
  });
  await replaceFileDurably(auditFile, lines.join(''));
  target.context.noteOpened(auditFile);
  await target.saveManifest();
}
