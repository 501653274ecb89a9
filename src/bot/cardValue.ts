// Card submits are client data: accept only the shape we send.
import { z } from 'zod';

const commandValue = z.object({ cmd: z.string().trim().min(1).max(200) }).loose();

/** The command a menu button carried, if the activity value is one of ours. */
export function commandFromCardValue(value: unknown): string | undefined {
  const parsed = commandValue.safeParse(value);
  return parsed.success ? parsed.data.cmd : undefined;
}
