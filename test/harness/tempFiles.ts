// Temporary folders for tests that write files (store, state storage, audit log).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A fresh temp folder per test, handed to `use` before each test and removed after it. Call it inside a
 * describe, so the hooks do not become root hooks.
 */
export function tempDirPerTest(prefix: string, use: (dir: string) => void): void {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
    use(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
}

/** The error `p` rejects with; throws if it resolves. */
export async function rejects(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}
