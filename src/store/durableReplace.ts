// Whole-file replacement that survives a crash, and the directory fsync that makes a rename durable.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Replaces `file` with `text` crash-safely (temp file, fsync, rename, fsync dir): afterwards it holds the old or the new bytes, never a mix. */
export async function replaceFileDurably(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await rename(tmp, file);
  await syncDir(dir);
}

/** Makes renames and new entries in `dir` durable (a no-op on Windows, whose NTFS journals them). */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}
