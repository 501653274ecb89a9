// Start-up refusals an operator must act on: shown as one message, without a stack trace.
import { StartupRefusal } from './startup/refusal.js';

export function isStartupRefusal(err: unknown): { message: string; exitCode: number } | undefined {
  if (err instanceof StartupRefusal) return { message: err.message, exitCode: err.exitCode };
  return undefined;
}
