// The --case-ref / --user selector of the privacy commands, validated.
import { z } from 'zod';
import type { Selector } from '../../src/privacy/access.js';

const REF = z.string().trim().min(1).max(40).regex(/^[^\p{C}]+$/u, 'must not contain control characters');
const USER = z.string().trim().min(1).max(200).regex(/^[^\s\p{C}]+$/u, 'must not contain spaces or control characters');

/** The selector, or a message naming what is wrong. */
export function parseSelector(values: { 'case-ref'?: string; user?: string }): Selector | string {
  const ref = values['case-ref'];
  const user = values.user;
  if ((ref === undefined) === (user === undefined)) return 'Give exactly one of --case-ref <reference> or --user <user key>.';
  if (ref !== undefined) {
    const parsed = REF.safeParse(ref);
    return parsed.success ? { caseRef: parsed.data } : `--case-ref ${parsed.error.issues[0]!.message}.`;
  }
  const parsed = USER.safeParse(user);
  return parsed.success ? { user: parsed.data } : `--user ${parsed.error.issues[0]!.message}.`;
}
