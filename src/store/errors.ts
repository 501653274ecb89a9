// Error classes of the JSON store. Messages name files and reasons only, never stored content,
// so they are safe to print at start-up.
import { StartupRefusal } from '../startup/refusal.js';

/** The store file exists but cannot be used. The file is never modified when this is thrown. */
export class StoreCorruptError extends StartupRefusal {
  override name = 'StoreCorruptError';
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Store file ${file} cannot be used: ${reason}. Refusing to start; the file was left untouched. ` +
        'Restore it from a backup or move it aside after inspecting it.',
      1,
      options,
    );
  }
}

/** The store file was written by a newer program version (or no migration path exists). */
export class StoreVersionError extends StartupRefusal {
  override name = 'StoreVersionError';
  constructor(
    readonly file: string,
    readonly found: number,
    readonly known: number,
    message?: string,
  ) {
    super(
      message ??
        `Store file ${file} was written by a newer version (${found}) of Integrationslotse; ` +
          `this version knows up to ${known}. Refusing to start; the file is untouched.`,
    );
  }
}

/** A change could not be made durable; it was rolled back and nothing of it was saved. */
export class StoreWriteError extends Error {
  override name = 'StoreWriteError';
  constructor(
    readonly file: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super(`Nothing was saved to ${file}: ${why}. The change was rolled back.`, options);
  }
}

/** Another live process holds the data-directory lock. */
export class LockHeldError extends StartupRefusal {
  override name = 'LockHeldError';
  constructor(
    readonly dir: string,
    message: string,
    readonly pid?: number,
  ) {
    super(message);
  }
}

/** The store key is missing, invalid or does not fit the files (wrong key). Files are never modified. */
export class StoreKeyError extends StartupRefusal {
  override name = 'StoreKeyError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message, 2);
  }
}

/** A store file that belongs to this DATA_DIR is missing (deleted, or a wrongly mounted volume). */
export class StoreMissingError extends StartupRefusal {
  override name = 'StoreMissingError';
  constructor(
    readonly files: string[],
    readonly dir: string,
    why: string,
  ) {
    super(
      `Store file${files.length > 1 ? 's' : ''} ${files.join(', ')} missing in DATA_DIR ${dir} (${why}). Refusing to start rather than begin empty: ` +
        'restore the file from a backup, or check the volume mount. To create missing files on purpose, run npm run store:init.',
      1,
    );
  }
}
