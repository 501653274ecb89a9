// Encryption at rest for every file in DATA_DIR: AES-256-GCM (node:crypto) with keys from STORE_KEY_FILE.
// A sealed text is one JSON object {"enc","kid","kfp","iv","tag","ct"}. The key fingerprint (kfp) tells
// "wrong key" apart from "altered file"; the file name is bound in as associated data, so one store's
// ciphertext cannot be swapped in for another's.
//
// STORE_KEY_FILE format (JSON, mode 0600):
//   { "current": "k2026-12", "keys": { "k2026-12": "<base64 of 32 random bytes>", "k2025-06": "…" } }
// New data is written with `current`; any key in `keys` can read. Rotation adds a key as current,
// rewrites every file (npm run store:rekey) and only then drops the old one.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmod, open, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { StoreKeyError } from './errors.js';

export const CIPHER = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
/** Sealed texts start with exactly these bytes; plain store envelopes start with {"schemaVersion". */
export const SEALED_PREFIX = `{"enc":"${CIPHER}"`;

export interface StoreKey {
  id: string;
  key: Buffer;
  /** Short fingerprint of the key (not of the data), stored beside each ciphertext. */
  fingerprint: string;
}

export interface KeyRing {
  /** Where the ring was read from (named in messages). */
  file: string;
  current: StoreKey;
  keys: StoreKey[];
}

const KEY_ID = /^[A-Za-z0-9_.-]{1,40}$/;
const BASE64 = /^[A-Za-z0-9+/]{43}=$/; // exactly 32 bytes

const keyFileSchema = z.strictObject({
  current: z.string().regex(KEY_ID, 'must be a key id (1–40 letters, digits, _ . -)'),
  keys: z
    .record(z.string().regex(KEY_ID, 'key ids are 1–40 letters, digits, _ . -'), z.string().regex(BASE64, 'each key must be 32 bytes in base64 (44 characters)'))
    .refine((keys) => Object.keys(keys).length > 0, 'must hold at least one key'),
});
export type KeyFileContent = z.infer<typeof keyFileSchema>;

export function fingerprintOf(key: Buffer): string {
  return createHmac('sha256', key).update('integrationslotse store key check').digest('base64url').slice(0, 16);
}

function toStoreKey(id: string, base64: string): StoreKey {
  const key = Buffer.from(base64, 'base64');
  return { id, key, fingerprint: fingerprintOf(key) };
}

/** Parses and validates a key file's text; throws StoreKeyError naming the file and the rule (never a key). */
export function parseKeyFile(file: string, text: string): KeyRing {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StoreKeyError(file, `STORE_KEY_FILE ${file} is not valid JSON. Expected {"current": "<id>", "keys": {"<id>": "<base64 of 32 bytes>"}}.`);
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    throw new StoreKeyError(file, `STORE_KEY_FILE ${file} is invalid at "${where}": ${issue.message}.`);
  }
  const { current, keys } = parsed.data;
  if (!Object.hasOwn(keys, current)) throw new StoreKeyError(file, `STORE_KEY_FILE ${file}: "current" names key "${current}", which is not in "keys".`);
  const ring = Object.entries(keys).map(([id, b64]) => toStoreKey(id, b64));
  return { file, current: ring.find((k) => k.id === current)!, keys: ring };
}

export async function loadKeyFile(file: string): Promise<KeyRing> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new StoreKeyError(file, `STORE_KEY_FILE ${file} cannot be read (${code}). Create one with npm run store:init -- --generate-key.`);
  }
  return parseKeyFile(file, text);
}

/** True when group or others may read the key file (POSIX only). */
export async function keyFileTooOpen(file: string): Promise<boolean> {
  if (process.platform === 'win32') return false;
  return ((await stat(file)).mode & 0o077) !== 0;
}

export function newKeyId(now: Date = new Date()): string {
  return `k${now.toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
}

/** The key file content with a fresh random key added as current (older keys stay readable). */
export function withNewKey(content: KeyFileContent | undefined, id = newKeyId()): KeyFileContent {
  return { current: id, keys: { ...(content?.keys ?? {}), [id]: randomBytes(KEY_BYTES).toString('base64') } };
}

export function keyFileContent(ring: KeyRing): KeyFileContent {
  return { current: ring.current.id, keys: Object.fromEntries(ring.keys.map((k) => [k.id, k.key.toString('base64')])) };
}

/** Writes the key file crash-safely with mode 0600 (temp file, fsync, rename, fsync dir). */
export async function writeKeyFile(file: string, content: KeyFileContent): Promise<KeyRing> {
  const text = JSON.stringify(content, null, 2) + '\n';
  const ring = parseKeyFile(file, text);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  await chmod(file, 0o600);
  if (process.platform !== 'win32') {
    const dh = await open(path.dirname(file), 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }
  return ring;
}

export const isSealed = (text: string): boolean => text.startsWith(SEALED_PREFIX);

/** Encrypts `plain` with the ring's current key; `context` (the file name) is bound in as associated data. */
export function seal(ring: KeyRing, context: string, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, ring.current.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${SEALED_PREFIX},"kid":"${ring.current.id}","kfp":"${ring.current.fingerprint}","iv":"${iv.toString('base64')}","tag":"${tag.toString('base64')}","ct":"${ct.toString('base64')}"}`;
}

const sealedSchema = z.strictObject({
  enc: z.literal(CIPHER),
  kid: z.string().regex(KEY_ID),
  kfp: z.string().regex(/^[A-Za-z0-9_-]{16}$/),
  iv: z.string().regex(/^[A-Za-z0-9+/]{16}$/),
  tag: z.string().regex(/^[A-Za-z0-9+/]{22}==$/),
  ct: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
});

export type OpenResult =
  | { ok: true; plain: string; kid: string }
  | { ok: false; problem: 'malformed' | 'no_key' | 'unknown_key' | 'altered'; kid?: string };

/** Decrypts a sealed text with any key of the ring. Never throws; the caller words the refusal. */
export function unseal(ring: KeyRing | undefined, context: string, sealed: string): OpenResult {
  let json: unknown;
  try {
    json = JSON.parse(sealed);
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  const parsed = sealedSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: 'malformed' };
  const { kid, kfp, iv, tag, ct } = parsed.data;
  if (!ring) return { ok: false, problem: 'no_key', kid };
  const key = ring.keys.find((k) => k.fingerprint === kfp);
  if (!key) return { ok: false, problem: 'unknown_key', kid };
  try {
    const decipher = createDecipheriv(CIPHER, key.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]);
    return { ok: true, plain: plain.toString('utf8'), kid: key.id };
  } catch {
    return { ok: false, problem: 'altered', kid };
  }
}

/** The operator-facing sentence for a failed unseal of `file`. */
export function unsealProblem(file: string, result: Extract<OpenResult, { ok: false }>, ring: KeyRing | undefined): string {
  switch (result.problem) {
    case 'no_key':
      return `Store file ${file} is encrypted (key "${result.kid}"), but no STORE_KEY_FILE is configured. Set STORE_KEY_FILE to the key file it was written with.`;
    case 'unknown_key':
      return `Store file ${file} was encrypted with key "${result.kid}", which is not in STORE_KEY_FILE ${ring?.file} (wrong key file, or the key was removed). Refusing to start; the file is untouched.`;
    case 'altered':
      return `Store file ${file} fails authentication with key "${result.kid}": it was altered or damaged after it was written. Refusing to start; the file is untouched. Restore it from a backup.`;
    default:
      return `Store file ${file} looks encrypted but its envelope is malformed. Refusing to start; the file is untouched. Restore it from a backup.`;
  }
}

/** The key ring for a configured STORE_KEY_FILE, or undefined (plain files). Warns when others may read the key. */
export async function loadStoreKey(keyFile: string | undefined, warn?: (event: string) => void): Promise<KeyRing | undefined> {
  if (!keyFile) return undefined;
  const ring = await loadKeyFile(keyFile);
  if (warn && (await keyFileTooOpen(keyFile))) warn('store.key_file_readable_by_others');
  return ring;
}
