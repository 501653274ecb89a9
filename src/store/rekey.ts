// Re-encrypts every file of a DATA_DIR under the key ring's current key (or decrypts it), one file at a
// time, each replaced crash-safely. A crash midway leaves every file whole under either the old or the
// new key; as long as both keys are in the key file the bot starts, and running the rekey again finishes
// the job. The caller holds the DATA_DIR lock.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { replaceFileDurably } from './durableReplace.js';
import { isSealed, seal, unseal, unsealProblem, type KeyRing } from './encryption.js';
import { StoreCorruptError, StoreKeyError } from './errors.js';
import { isStoreFileName } from './dataDir.js';

export interface RekeyResult {
  rewritten: string[];
  unchanged: string[];
}

/** Store files and the backups a migration leaves beside them. */
async function filesToRekey(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((n) => isStoreFileName(n) || (!n.startsWith('.') && n.endsWith('.bak'))).sort();
}

/** A backup (store.json.v1.<stamp>.bak) was sealed under its store's name. */
const contextOf = (name: string): string => {
  if (!name.endsWith('.bak')) return name;
  const version = /\.v\d+\./.exec(name); // string ops around one linear pattern: the file name is not trusted
  return version ? name.slice(0, version.index) : name;
};

function openText(file: string, context: string, text: string, read: KeyRing): { plain: string; current: boolean } {
  if (!isSealed(text)) return { plain: text, current: false };
  const opened = unseal(read, context, text);
  if (!opened.ok) {
    if (opened.problem === 'altered' || opened.problem === 'malformed') throw new StoreCorruptError(file, 'it fails authentication or is malformed; nothing was re-encrypted in it');
    throw new StoreKeyError(file, unsealProblem(file, opened, read));
  }
  return { plain: opened.plain, current: opened.kid === read.current.id };
}

/**
 * Rewrites each file sealed with the ring's current key ('encrypt'), or in plain text ('decrypt'). The
 * ring must hold every key the files use. Files already in the wanted form are left alone, so a repeated run is cheap.
 */
export async function rekeyDataDir(dir: string, read: KeyRing, mode: 'encrypt' | 'decrypt'): Promise<RekeyResult> {
  const result: RekeyResult = { rewritten: [], unchanged: [] };
  for (const name of await filesToRekey(dir)) {
    const file = path.join(dir, name);
    const context = contextOf(name);
    const text = await readFile(file, 'utf8');
    const lines = name.endsWith('.jsonl') ? text.split('\n') : [text];
    let changed = false;
    const out = lines.map((line, i) => {
      if (line === '') return line;
      const lastUnfinished = lines.length > 1 && i === lines.length - 1;
      if (lastUnfinished) return line; // an append cut short by a crash: unreadable, left as it is
      const { plain, current } = openText(file, context, line, read);
      const wanted = mode === 'encrypt' ? isSealed(line) && current : !isSealed(line);
      if (wanted) return line;
      changed = true;
      return mode === 'encrypt' ? seal(read, context, plain) : plain;
    });
    if (!changed) {
      result.unchanged.push(name);
      continue;
    }
    await replaceFileDurably(file, out.join('\n'));
    result.rewritten.push(name);
  }
  return result;
}
