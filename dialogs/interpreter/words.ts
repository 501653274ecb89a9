// The words the interpreter dialogs understand (compared folded: lower case, umlauts folded, ae/oe/ue → a/o/u)
// and the command phrases of the capability.
import { translate, type MessageKey } from '../../src/i18n/i18n.js';
import { fold } from '../../src/text/normalize.js';
import { FIELDS, type Field } from '../../src/interpreters/types.js';

const words = (list: string[]) => new Set(list.map(fold));

export const W = {
  send: words(['absenden', 'senden', 'abschicken', 'anfragen', 'ja', 'ok', 'okay', 'passt', 'send', 'submit', 'yes', 'bestätigen', 'confirm']),
  change: words(['ändern', 'bearbeiten', 'korrigieren', 'change', 'edit']),
  none: words(['ohne', 'keine', 'kein', 'keiner', 'keins', 'none', 'no', 'nein', '-', 'egal', 'no dialect']),
  defaultPlace: words(['standard', 'default', 'hier', 'eigene', 'eigene einrichtung', 'own', 'my institution', 'meine einrichtung']),
  yes: words(['ja', 'yes', 'stimmt', 'richtig', 'korrekt', 'ok', 'okay', 'correct', 'right']),
  other: words(['andere', 'andere sprache', 'other', 'other language', 'nein', 'no', 'falsch', 'wrong']),
  mine: words(['meine dolmetscher', 'meine dolmetscheranfragen', 'my interpreters', 'my interpreter requests']),
  list: words(['liste', 'list', 'meine', 'mine', 'übersicht', 'overview']),
  cancelRequest: words(['stornieren', 'storno', 'zurückziehen', 'cancel', 'withdraw']),
  done: words(['erledigt', 'done']),
  commandHeads: words(['dolmetscher', 'dolmetscherin', 'dolmetscheranfrage', 'interpreter']),
  kindService: words(['dienst', 'service', 'agentur', 'büro', 'agency', 'organisation', 'organization']),
  kindPerson: words(['person', 'dolmetscher', 'dolmetscherin', 'dolmetscher/in', 'interpreter', 'einzelperson']),
  all: words(['alle', 'all', 'alles']),
  sworn: words(['beeidigt', 'sworn']),
};

const FIELD_SYNONYMS: Record<Field, string[]> = {
  language: ['sprache', 'language'],
  dialect: ['dialekt', 'dialect', 'variante'],
  when: ['termin', 'zeit', 'datum', 'uhrzeit', 'wann', 'time', 'date', 'when', 'appointment'],
  duration: ['dauer', 'duration', 'länge', 'length'],
  mode: ['art', 'modus', 'mode', 'form', 'vor ort video telefon'],
  place: ['ort', 'place', 'location', 'wo', 'where'],
  purpose: ['zweck', 'anlass', 'purpose', 'reason'],
  urgency: ['dringlichkeit', 'urgency', 'priorität', 'priority'],
  caseRef: ['aktenzeichen', 'buchnummer', 'case reference', 'reference', 'case', 'fallnummer'],
};

/** A field named by the officer (synonyms and the field labels of both locales). */
export const FIELD_OF = new Map<string, Field>();
for (const f of FIELDS) {
  for (const w of [...FIELD_SYNONYMS[f], translate('de', `interpreters.field.${f}` as MessageKey), translate('en', `interpreters.field.${f}` as MessageKey)]) FIELD_OF.set(fold(w), f);
}

export const DETECT_PREFIX = /^\s*(?:die\s+)?(?:sprache\s+)?(?:erkennen|detect(?:\s+(?:the\s+)?language)?)\s*:?\s*/i;
export const REQUEST_ID_IN_TEXT = /\bDOL-\d{4}-\d{4,}\b/;
/** Splits "Arabisch, Türkisch und Farsi" into its parts. */
export const LIST_SEPARATOR = /\s*(?:,|;|\/|\bund\b|\band\b)\s*/i;
/** Offered as buttons when the language is asked for. */
export const QUICK_LANGUAGES = ['ar', 'tr', 'ru', 'fa', 'ro', 'pl'];

export const INTERPRETER_PHRASES = {
  main: ['dolmetscher', 'dolmetscherin', 'dolmetscheranfrage', 'interpreter', 'interpreter request'],
  mine: ['meine dolmetscher', 'meine dolmetscheranfragen', 'my interpreters', 'my interpreter requests'],
  addresses: ['dolmetscher adressen', 'dolmetscher adressdatei', 'adressdatei', 'interpreter addresses', 'interpreter address file'],
  addAddress: ['dolmetscher adresse neu', 'dolmetscher adressen neu', 'adressdatei neu', 'interpreter address add', 'add interpreter address'],
  removeAddress: ['dolmetscher adresse löschen', 'dolmetscher adresse loschen', 'dolmetscher adresse entfernen', 'interpreter address remove'],
  register: ['als dolmetscher-eingang registrieren', 'dolmetscher-eingang registrieren', 'register interpreter inbox', 'register as interpreter inbox'],
  unregister: ['dolmetscher-eingang abmelden', 'unregister interpreter inbox'],
};

/** A locale's own word for a typed answer button ("ja" / "yes"). */
export const byLocale = (locale: string, de: string, en: string) => (locale === 'de' ? de : en);
