// Words of the escalation capability, compared after normalize() (lower case, umlauts folded,
// punctuation → space). Both languages are understood always.
import { categoryLabel, urgencyLabel } from '../../src/cards/escalationCards.js';
import { CATEGORIES, type Category, type Urgency } from '../../src/escalations/types.js';
import type { Translate } from '../../src/i18n/i18n.js';
import { normalize } from '../../src/text/normalize.js';

export const ESCALATION_COMMANDS = {
  escalate: ['eskalation', 'eskalieren', 'escalate', 'escalation', 'neue eskalation', 'new escalation'],
  mine: ['meine eskalationen', 'meine eskalation', 'my escalations', 'my escalation'],
  withdraw: ['eskalation zurückziehen', 'eskalation zurueckziehen', 'withdraw escalation'],
  answer: ['antwort', 'antworten', 'answer'],
  inbox: ['eingang', 'posteingang', 'inbox'],
  register: ['als eingang registrieren', 'eingang registrieren', 'register inbox'],
};

const CATEGORY_WORDS: Record<Category, string[]> = {
  radikalisierung: ['radikalisierung', 'extremismus', 'radikalisierung extremismus', 'radikalisierungsverdacht', 'radicalisation', 'radicalization', 'extremism', 'radicalisation extremism', 'radicalization extremism'],
  krisenintervention: ['krise', 'krisenintervention', 'crisis', 'crisis intervention'],
  auslaenderrecht: ['auslaenderrecht', 'auslaenderrechtliche frage', 'aufenthaltsrecht', 'aufenthalt', 'abschiebung', 'immigration law', 'immigration', 'residence law', 'residence', 'immigration question'],
  'religioese-betreuung': ['religion', 'religioese betreuung', 'seelsorge', 'religious care', 'chaplaincy', 'faith'],
  vollzugsalltag: ['konflikt', 'konflikt im vollzugsalltag', 'vollzugsalltag', 'conflict', 'conflict in daily prison life', 'daily prison life'],
  integrationsmassnahme: ['integrationsmassnahme', 'integrationsmassnahme projekt', 'projekt', 'massnahme', 'integration measure', 'integration measure project', 'project', 'measure'],
  sonstiges: ['sonstiges', 'sonstige beratung', 'beratung', 'other', 'other advice', 'advice'],
};

const URGENCY_WORDS: Record<Urgency, string[]> = {
  normal: ['normal', 'nicht dringend', 'regular', 'not urgent', 'standard'],
  dringend: ['dringend', 'eilig', 'eilt', 'urgent', 'sehr dringend'],
};

export const WORDS = {
  none: ['ohne', 'keine', 'kein', 'keins', 'nein', 'none', 'no', 'no reference', 'ohne aktenzeichen', 'ohne bezug', 'skip', 'ueberspringen'],
  send: ['senden', 'absenden', 'ja', 'ja senden', 'ok', 'okay', 'send', 'yes', 'submit', 'abschicken'],
  edit: ['aendern', 'text aendern', 'bearbeiten', 'korrigieren', 'edit', 'change', 'change text'],
  take: ['uebernehmen', 'annehmen', 'take', 'take on', 'accept', 'claim'],
  assign: ['zuweisen', 'assign'],
  ask: ['rueckfrage', 'frage', 'nachfrage', 'ask', 'question'],
  resolve: ['erledigen', 'erledigt', 'abschliessen', 'schliessen', 'resolve', 'close', 'done'],
  reopen: ['wieder oeffnen', 'wiedereroeffnen', 'oeffnen', 'reopen', 'open again'],
};

export const is = (norm: string, list: readonly string[]): boolean => list.includes(norm);

/** Our own command phrases: typed inside a text prompt they are taken as a slip, not as the answer. */
export const OWN_PHRASES = new Set(
  ['eskalation', 'escalate', 'meine eskalationen', 'my escalations', 'eingang', 'inbox', 'antwort', 'answer', 'zustellung', 'delivery'].map(normalize),
);

/** Free text that asks to escalate ("ich möchte eskalieren"), without a case id. */
export const RECOGNIZE = /\b(?:eskalier\w*|escalat\w*)\b/i;

/** A key of `table` whose words, or whose label in the user's language, equal the normalized text. */
function matchWord<K extends string>(norm: string, table: Record<K, string[]>, label: (k: K) => string): K | undefined {
  for (const key of Object.keys(table) as K[]) {
    if (table[key].includes(norm) || normalize(label(key)) === norm) return key;
  }
  return undefined;
}

/** A category by number (1–7), word or label. */
export function parseCategory(text: string, t: Translate): Category | undefined {
  const norm = normalize(text);
  const n = Number(norm);
  if (Number.isInteger(n) && n >= 1 && n <= CATEGORIES.length) return CATEGORIES[n - 1];
  return matchWord(norm, CATEGORY_WORDS, (k) => categoryLabel(t, k));
}

export function parseUrgency(text: string, t: Translate): Urgency | undefined {
  return matchWord(normalize(text), URGENCY_WORDS, (k) => urgencyLabel(t, k));
}
