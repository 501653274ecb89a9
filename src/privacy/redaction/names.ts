// Offline detection of personal names in officers' free text (German and English), for the redaction.
// Each capitalised word is classified by word lists (given names and surnames of the language groups met in
// NRW prisons, German nouns, places, everyday words, languages, holidays) and by its ending (-oğlu, -ović,
// -enko, -shvili …); then context decides: a word after "Herr", "Bruder", "Anwalt", "inmate" …, next to
// another name part, or an unknown capitalised word inside a sentence is a name; ordinary nouns, places,
// languages, holidays and abbreviations stay. It errs on the side of removing, like the rest of the redaction.
import { resolveLanguageName } from '../../language/languageNames.js';
import { foldName } from './fold.js';
import { redactionLists, type RedactionLists } from './lists.js';
import { FUNCTION_WORDS, HOLIDAYS, NAME_SUFFIXES, NOUN_SUFFIXES, PARTICLES, PERSON_CUES, SOFT_CUES } from './vocabulary.js';

export interface NameSpan {
  start: number;
  end: number;
}

/** What the word lists say about one word, before context. */
type Kind = 'function' | 'protected' | 'particle' | 'name' | 'ambiguous' | 'ordinary' | 'unknown' | 'lower' | 'lowerName';

interface Token {
  text: string;
  folded: string;
  start: number;
  end: number;
  kind: Kind;
  /** First word of a sentence (capitalised anyway in German and English). */
  initial: boolean;
  /** Only blanks between the previous token and this one. */
  joinedToPrevious: boolean;
  name: boolean;
}

// One word: letters and marks, inner apostrophes, hyphenated parts ("Berisha-Hoxha", "al-Tikriti").
const WORD = /[\p{L}\p{M}][\p{L}\p{M}'’]*(?:-[\p{L}\p{M}][\p{L}\p{M}'’]*)*/gu;
const SENTENCE_END = /[.!?:;\n•„“"()]/u;

/** Capitalised adjectives in names of offices ("Ärztlicher Dienst", "Psychologischen"). */
/** …and adverbs that open a sentence ("Anschließend", "Gemeinsam", "Offenbar", "Glücklicherweise"). */
const ADJECTIVE_ENDING = /(?:lich|isch|ig|sam|bar|end|haft|los|weise|mals|falls|dings|wegs)(?:e|en|er|em|es)?$/u;

/** Titles: even an ordinary noun after them is a surname ("Dr. Brenner", "Herr Koch"). */
const TITLES = new Set(['herr', 'herrn', 'frau', 'hr', 'fr', 'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof']);
/** Particles that start a name even without a cue when capitalised ("zu Abu Walaa"). */
const LEADING_PARTICLES = new Set(['abu', 'abou', 'bin', 'ibn', 'bint', 'al', 'el', 'ben', 'ould']);

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

function isLanguage(word: string): boolean {
  if (word.length < 4) return false;
  const stem = word.replace(/(?:en|em|er|es|e)$/u, '');
  return !('none' in resolveLanguageName(word)) || (stem !== word && stem.length >= 4 && !('none' in resolveLanguageName(stem)));
}

/** A German noun as written, an inflected form, or a compound ending in one ("Zugangsgespräch"). */
function isGermanNoun(word: string, lists: RedactionLists): boolean {
  if (lists.nouns.has(word) || lists.nouns.has(capitalise(word))) return true;
  const folded = foldName(word);
  if (NOUN_SUFFIXES.some((s) => folded.length > s.length + 2 && folded.endsWith(s))) return true;
  if (ADJECTIVE_ENDING.test(folded)) return true;
  for (let i = 3; i <= word.length - 3; i++) {
    const tail = word.slice(i);
    if ((tail.length >= 4 || i >= 4) && lists.nouns.has(capitalise(tail))) return true;
  }
  return false;
}

/** "JVA", "NRW", "B", "KLs": upper case within the first three letters, or a single letter. */
function isAbbreviation(part: string): boolean {
  if (part.length === 1) return true;
  if (part.length <= 5 && part === part.toUpperCase()) return true;
  return part.length <= 4 && /^\p{Lu}\p{L}?\p{Lu}/u.test(part);
}

function hasNameEnding(folded: string): boolean {
  return NAME_SUFFIXES.some((s) => s !== 'i' && folded.length >= s.length + 3 && folded.endsWith(s));
}

function classifyPart(part: string, lists: RedactionLists): Kind {
  const folded = foldName(part);
  if (!/^\p{Lu}/u.test(part)) return PARTICLES.has(folded) ? 'particle' : lowerCaseName(part, folded, lists) ? 'lowerName' : 'lower';
  if (FUNCTION_WORDS.has(folded)) return 'function';
  if (HOLIDAYS.has(folded) || isLanguage(part) || isAbbreviation(part)) return 'protected';
  if (PARTICLES.has(folded)) return 'particle';
  const listed = lists.given.has(folded) || lists.surnames.has(folded);
  const ordinary = lists.places.has(folded) || lists.common.has(folded) || isGermanNoun(part, lists);
  if (listed) return ordinary ? 'ambiguous' : 'name';
  if (ordinary) return 'ordinary';
  return hasNameEnding(folded) ? 'name' : 'unknown';
}

/**
 * A given name typed in lower case in a hurry ("mit emre gesprochen"): listed as a given name and no everyday
 * word, noun, language or function word. Only taken after a cue or at a sentence start (see firstPass).
 */
function lowerCaseName(part: string, folded: string, lists: RedactionLists): boolean {
  if (folded.length < 4 || !lists.given.has(folded) || lists.common.has(folded) || FUNCTION_WORDS.has(folded)) return false;
  return !HOLIDAYS.has(folded) && !isLanguage(capitalise(part)) && !lists.places.has(folded) && !isGermanNoun(capitalise(part), lists);
}

/** A hyphenated word is judged by its parts: "Newroz-Fest" is a noun, "El-Khatib" and "Berisha-Hoxha" names. */
function classify(word: string, lists: RedactionLists): Kind {
  const parts = word.split('-');
  if (parts.length === 1) return classifyPart(word, lists);
  const kinds = parts.map((p) => classifyPart(p, lists));
  const last = kinds[kinds.length - 1]!;
  if (kinds.includes('protected') || kinds.includes('function')) return 'protected';
  if (last === 'ordinary' || last === 'lower') return 'ordinary';
  if (kinds.includes('name') || kinds[0] === 'particle') return 'name';
  if (kinds.includes('unknown')) return 'unknown';
  return kinds.includes('ambiguous') ? 'ambiguous' : 'ordinary';
}

function tokenize(text: string, lists: RedactionLists): Token[] {
  const tokens: Token[] = [];
  // A word's kind depends on the word alone: long texts repeat words, so each is judged once per text.
  const kinds = new Map<string, Kind>();
  const kindOf = (word: string) => {
    let kind = kinds.get(word);
    if (kind === undefined) kinds.set(word, (kind = classify(word, lists)));
    return kind;
  };
  let previousEnd = 0;
  for (const m of text.matchAll(WORD)) {
    const gap = text.slice(previousEnd, m.index);
    const initial = tokens.length === 0 || SENTENCE_END.test(gap);
    const end = m.index + m[0].length;
    const betweenNumbers = /\d[ \t]*$/u.test(gap) && /^[ \t]*\d/u.test(text.slice(end, end + 3));
    tokens.push({
      text: m[0],
      folded: foldName(m[0]),
      start: m.index,
      end: m.index + m[0].length,
      kind: betweenNumbers ? 'protected' : kindOf(m[0]),
      initial,
      joinedToPrevious: tokens.length > 0 && /^[ \t]+$/u.test(gap),
      name: false,
    });
    previousEnd = m.index + m[0].length;
  }
  return tokens;
}

/** Capitalised, or a name with a particle in front ("al-Hassan", "el-Mansouri"). */
const capitalised = (t: Token | undefined): boolean =>
  t !== undefined && t.kind !== 'lower' && t.kind !== 'particle' && (/^\p{Lu}/u.test(t.text) || /^\p{Ll}+-\p{Lu}/u.test(t.text));

/** Cue words ("Bruder", "mit", "inmate") introduce a name and are never part of it. */
const isCue = (t: Token) => PERSON_CUES.has(t.folded) || SOFT_CUES.has(t.folded);

/** The cue word right before a token (blanks or a colon between), if any. */
function cueBefore(tokens: Token[], i: number, text: string): 'title' | 'person' | 'soft' | undefined {
  let at = i;
  while (tokens[at - 1]?.kind === 'particle' && tokens[at]!.joinedToPrevious) at--; // "Anwalt van der Linden"
  const prev = tokens[at - 1];
  if (!prev) return undefined;
  const gap = text.slice(prev.end, tokens[at]!.start);
  if (TITLES.has(prev.folded) && /^\.?[ \t]+$/u.test(gap)) return 'title';
  if (!gap || !/^[ \t]*(?::[ \t]*)?$/u.test(gap)) return undefined;
  if (PERSON_CUES.has(prev.folded)) return 'person';
  if (SOFT_CUES.has(prev.folded)) return 'soft';
  return undefined;
}

/** First pass: what a word is on its own or right after a cue. */
function firstPass(tokens: Token[], text: string): void {
  tokens.forEach((t, i) => {
    if (t.kind === 'lowerName') {
      t.name = t.initial || cueBefore(tokens, i, text) !== undefined;
      return;
    }
    if (!capitalised(t) || t.kind === 'function' || t.kind === 'protected' || isCue(t)) return;
    const cue = cueBefore(tokens, i, text);
    if (t.kind === 'name') t.name = true;
    else if (t.kind === 'unknown') t.name = true;
    else if (t.kind === 'ambiguous') t.name = cue === 'person' || cue === 'title';
    // "Koch", "Bauer", "Brenner" are nouns and surnames: a surname only after a title ("Dr. Brenner").
    else if (t.kind === 'ordinary') t.name = cue === 'title';
  });
}

/** Next to a name part: ambiguous and unknown words join it ("Petra Müller", "Torsten Brinkhaus"). */
function extend(tokens: Token[]): boolean {
  let changed = false;
  tokens.forEach((t, i) => {
    if (t.name || !capitalised(t) || t.kind === 'function' || t.kind === 'protected' || isCue(t)) return;
    let l = i - 1;
    while (tokens[l]?.kind === 'particle' && tokens[l + 1]!.joinedToPrevious) l--; // "Nguyễn Văn Hùng"
    const left = tokens[l];
    const joinedLeft = l === i - 1 ? t.joinedToPrevious : tokens.slice(l + 1, i + 1).every((x) => x.joinedToPrevious);
    let r = i + 1;
    while (tokens[r]?.kind === 'particle' && tokens[r]!.joinedToPrevious) r++; // "Fatima El Amrani"
    const right = tokens[r];
    const leftName = left?.name === true && joinedLeft && !t.initial;
    const rightName = right?.name === true && right.joinedToPrevious;
    const joins = t.kind === 'ordinary' ? leftName && left?.kind === 'name' && !t.initial : leftName || rightName;
    if (joins) {
      t.name = true;
      changed = true;
    }
  });
  return changed;
}

/** Particles between two name parts, or between a cue and a name part, belong to the name. */
function particles(tokens: Token[], text: string): void {
  tokens.forEach((t, i) => {
    if (t.kind !== 'particle' || t.name) return;
    let j = i;
    while (tokens[j]?.kind === 'particle' && (j === i || tokens[j]!.joinedToPrevious)) j++;
    const after = tokens[j];
    if (!after?.name || !after.joinedToPrevious) return;
    const before = tokens[i - 1];
    const cue = cueBefore(tokens, i, text);
    const leading = LEADING_PARTICLES.has(t.folded) && /^\p{Lu}/u.test(t.text);
    const opens = (before?.name === true && t.joinedToPrevious) || cue === 'person' || cue === 'title' || t.initial || leading;
    if (opens) for (let k = i; k < j; k++) tokens[k]!.name = true;
  });
}

/** Spans of consecutive name tokens (blanks between them belong to the span). */
function spans(tokens: Token[]): NameSpan[] {
  const out: NameSpan[] = [];
  let open: NameSpan | undefined;
  for (const t of tokens) {
    if (!t.name) {
      open = undefined;
      continue;
    }
    if (open && t.joinedToPrevious) open.end = t.end;
    else out.push((open = { start: t.start, end: t.end }));
  }
  return out;
}

export function findNames(text: string, lists: RedactionLists = redactionLists()): NameSpan[] {
  const tokens = tokenize(text, lists);
  firstPass(tokens, text);
  for (let round = 0; round < 3 && extend(tokens); round++);
  particles(tokens, text);
  return spans(tokens);
}
