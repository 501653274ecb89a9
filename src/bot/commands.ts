// Text commands (a contract, see README): German and English, case-insensitive, umlauts or ASCII.
// A capability registers the phrases that start it; the longest matching phrase wins, so
// "meine dolmetscher" is not taken for "dolmetscher".
import { editDistance, normalize } from '../text/normalize.js';
import type { MessageKey } from '../i18n/i18n.js';
import type { Role } from '../roles/types.js';

export interface CommandSpec {
  id: string;
  /** Phrases that start it, in either language. */
  phrases: string[];
  /** Who may use it; the menu shows only these. */
  roles: readonly Role[];
  /** Menu entry: label key and the command the button sends, per language. */
  menu?: { label: MessageKey; command: { de: string; en: string } };
}

export interface CommandMatch {
  spec: CommandSpec;
  /** The rest of the message after the command phrase, as typed (not normalized). */
  args: string;
}

export const CANCEL_PHRASES = ['abbrechen', 'abbruch', 'stopp', 'cancel', 'stop', 'quit'];
export const HELP_PHRASES = ['hilfe', 'menü', 'menu', 'help'];

export class CommandTable {
  private readonly entries: { phrase: string; words: number; spec: CommandSpec }[] = [];

  constructor(readonly specs: CommandSpec[]) {
    for (const spec of specs) {
      for (const phrase of spec.phrases) {
        const norm = normalize(phrase);
        this.entries.push({ phrase: norm, words: norm.split(' ').length, spec });
      }
    }
    this.entries.sort((a, b) => b.phrase.length - a.phrase.length);
  }

  /** The command this text starts with, if any. */
  match(text: string): CommandMatch | undefined {
    const norm = normalize(text);
    for (const entry of this.entries) {
      if (norm === entry.phrase || norm.startsWith(entry.phrase + ' ')) {
        return { spec: entry.spec, args: dropWords(text, entry.words) };
      }
    }
    return undefined;
  }

  /** Closest commands to a mistyped text, for "Meinten Sie …?" (edit distance on the leading words). */
  suggest(text: string, role: Role, max = 1): string[] {
    const norm = normalize(text);
    if (!norm) return [];
    const scored: { phrase: string; distance: number }[] = [];
    for (const entry of this.entries) {
      if (!entry.spec.roles.includes(role)) continue;
      const head = norm.split(' ').slice(0, entry.words).join(' ');
      const distance = editDistance(head, entry.phrase);
      const allowed = entry.phrase.length >= 8 ? 2 : entry.phrase.length >= 4 ? 1 : 0;
      if (distance > 0 && distance <= allowed) scored.push({ phrase: entry.phrase, distance });
    }
    scored.sort((a, b) => a.distance - b.distance);
    return [...new Set(scored.map((s) => s.phrase))].slice(0, max);
  }
}

export function isCancel(text: string): boolean {
  return CANCEL_PHRASES.includes(normalize(text));
}

export function isHelp(text: string): boolean {
  const norm = normalize(text);
  return text.trim() === '?' || (norm !== '' && HELP_PHRASES.some((p) => normalize(p) === norm));
}

/** Removes the first `count` whitespace-separated words, keeping the rest as typed. */
function dropWords(text: string, count: number): string {
  return text.trim().split(/\s+/).slice(count).join(' ');
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions); shared implementation. */
export { editDistance };
