import { z } from 'zod';

export const ROLES = ['staff', 'officer', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who someone is to the bot: always derived from server-side state, never from what a client sends. */
export interface Identity {
  userKey: string;
  role: Role;
  institutionId?: string;
  unitId?: string;
}

/** A role set by an admin command; overrides the roster file. */
export const roleAssignmentSchema = z
  .object({
    role: z.enum(ROLES),
    institutionId: z.string().optional(),
    unitId: z.string().optional(),
    setBy: z.string(),
    setAt: z.string(),
  })
  .strict();
export type RoleAssignment = z.infer<typeof roleAssignmentSchema>;

/** Ids are aadObjectIds (GUIDs) or, for the Emulator and console chat, a from.id without whitespace. */
export const userIdSchema = z.string().trim().min(1).max(128).regex(/^[^\s<>]+$/);
