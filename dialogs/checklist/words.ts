// What users type to the checklist capability, compared after normalize() (lower case, umlauts folded,
// punctuation dropped). Both languages always.
import { normalize } from '../../src/text/normalize.js';

export const WORDS = {
  none: ['ohne', 'keine', 'kein', 'keins', 'none', 'no', 'nein', 'no reference', 'no due date', 'keine frist', 'ohne aktenzeichen', 'ohne frist'],
  accept: ['ok', 'okay', 'ja', 'yes', 'vorschlag', 'vorschlag uebernehmen', 'uebernehmen', 'take suggestion', 'accept'],
  done: ['erledigt', 'ok', 'okay', 'fertig', 'done', 'check', 'ja', 'yes'],
  skip: ['ueberspringen', 'uberspringen', 'skip'],
  later: ['spaeter', 'spater', 'later', 'pause', 'pausieren'],
  note: ['notiz', 'note'],
  due: ['frist', 'due', 'due date', 'termin', 'deadline'],
  back: ['zurueck', 'zuruck', 'back'],
  remove: ['loeschen', 'loschen', 'delete', 'entfernen', 'remove'],
  list: ['liste', 'list', 'offen', 'open', 'meine', 'mine', 'uebersicht'],
  new: ['neu', 'new', 'neue', 'vorlagen', 'templates', 'starten', 'start'],
  yes: ['ja', 'yes', 'ja loeschen', 'yes delete', 'loeschen', 'delete'],
  no: ['nein', 'no', 'nein behalten', 'no keep it', 'behalten', 'keep'],
};

export const is = (norm: string, list: readonly string[]): boolean => list.includes(norm);

export const RUN_ID_IN_TEXT = /\bCL-\d{4}-\d{4,}\b/i;
export const COMMAND_WORDS = ['checkliste', 'checklisten', 'checklist', 'checklists'];
export const LIST_COMMANDS = ['meine checklisten', 'meine checkliste', 'my checklists'];

/** First word (normalized) and the rest as typed. */
export function splitCommand(text: string): { head: string; rest: string } {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  if (space < 0) return { head: normalize(trimmed), rest: '' };
  return { head: normalize(trimmed.slice(0, space)), rest: trimmed.slice(space + 1).trim() };
}

/** A run id typed anywhere in the text, upper-cased. */
export function runIdIn(text: string): string | undefined {
  return RUN_ID_IN_TEXT.exec(text)?.[0].toUpperCase();
}
