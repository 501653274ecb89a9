// Start-up refusals an operator must act on: shown as one message, without a stack trace.
import { RosterError } from './roles/roster.js';
import { LockHeldError, StoreCorruptError, StoreKeyError, StoreMissingError, StoreVersionError } from './store/errors.js';
import { InstitutionsFileError } from './institutions/institutions.js';
import { ChecklistTemplateError } from './checklists/templates.js';
import { RoutingFileError } from './escalations/routing.js';
import { RetentionFileError } from './privacy/retention/rules.js';

export function isStartupRefusal(err: unknown): { message: string; exitCode: number } | undefined {
  if (err instanceof RosterError || err instanceof StoreKeyError || err instanceof RetentionFileError) return { message: err.message, exitCode: 2 };
  if (err instanceof StoreMissingError) return { message: err.message, exitCode: 1 };
  if (
    err instanceof LockHeldError ||
    err instanceof StoreCorruptError ||
    err instanceof StoreVersionError ||
    err instanceof InstitutionsFileError ||
    err instanceof ChecklistTemplateError ||
    err instanceof RoutingFileError
  ) {
    return { message: (err as Error).message, exitCode: 1 };
  }
  return undefined;
}
