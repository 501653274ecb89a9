// Cleaning and screening the little free text the capability keeps (dialect, place, note, names).
import { screenOffline } from '../checklists/privacy.js';

/** Control characters out, whitespace collapsed, trimmed. */
export function cleanLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.normalize('NFC').replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Cleaned and screened for personal data (names, contacts, birth dates). */
export function screenLine(text: string, max: number) {
  return screenOffline(cleanLine(text), max);
}

/** undefined: no note; null: refused (personal data); else the cleaned note. */
export function screenNote(note: string | undefined, max: number): string | undefined | null {
  if (note === undefined || cleanLine(note) === '') return undefined;
  const screened = screenLine(note, max);
  return screened.ok ? screened.text : null;
}
