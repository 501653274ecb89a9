// Why a migration did not run or did not finish. Messages name files, tables and counts, never stored content.
import { StartupRefusal } from '../../startup/refusal.js';
import type { VerifiedPart } from './checksum.js';

/** The migration refused before writing anything. Exit code 2 (target not empty, missing setting) unless given. */
export class MigrationRefusal extends StartupRefusal {
  override name = 'MigrationRefusal';
  constructor(message: string, exitCode = 2) {
    super(message, exitCode);
  }
}

/** The copy read back differs from the source; the parts tell which. */
export class VerificationError extends StartupRefusal {
  override name = 'VerificationError';
  constructor(
    message: string,
    readonly parts: VerifiedPart[],
  ) {
    super(message, 1);
  }
}
