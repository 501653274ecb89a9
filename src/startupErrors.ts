// Start-up refusals an operator must act on: shown as one message, without a stack trace.
import { StartupRefusal } from './startup/refusal.js';
import { RoutingFileError } from './escalations/routing.js';

export function isStartupRefusal(err: unknown): { message: string; exitCode: number } | undefined {
  if (err instanceof StartupRefusal) return { message: err.message, exitCode: err.exitCode };
  // Until RoutingFileError extends StartupRefusal (escalation capability); then this line goes.
  if (err instanceof RoutingFileError) return { message: err.message, exitCode: 1 };
  return undefined;
}
