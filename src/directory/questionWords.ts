// The words that make a message a "wer ist zuständig" question, in German and English, and which of
// the two languages it is in. Compared folded (normalize + loosen), with a typo budget for the cue words.
import { editDistance, typoBudget } from '../text/normalize.js';

// Folded (normalize + loosen) words.
export const STOP_WORDS = new Set([
  'wer', 'ist', 'sind', 'war', 'in', 'der', 'die', 'das', 'dem', 'den', 'des', 'fur', 'von', 'vom', 'im', 'bei', 'beim', 'an', 'am',
  'zu', 'zum', 'zur', 'und', 'oder', 'mit', 'wo', 'wie', 'was', 'welche', 'welcher', 'welches', 'wen', 'wem', 'ich', 'mich', 'mir',
  'wir', 'uns', 'sie', 'man', 'kann', 'konnen', 'konnte', 'soll', 'sollte', 'muss', 'frage', 'fragen', 'bitte', 'hallo', 'hi',
  'eigentlich', 'denn', 'da', 'dort', 'hier', 'gibt', 'es', 'ein', 'eine', 'einen', 'einer', 'meiner', 'meine', 'mein', 'meinem',
  'unsere', 'unserer', 'unser', 'aktuell', 'derzeit', 'gerade', 'jetzt', 'sich', 'um', 'wende', 'wenden', 'kummert', 'macht',
  'the', 'a', 'an', 'at', 'for', 'of', 'on', 'who', 'whom', 'whos', 's', 'is', 'are', 'what', 'which', 'i', 'do', 'does', 'should',
  'can', 'could', 'ask', 'handles', 'handle', 'deals', 'deal', 'with', 'to', 'please', 'my', 'our', 'there', 'currently', 'now',
  'me', 'about',
]);

/** Words that make a message a responsibility question (folded), and their typo-tolerant stems. */
export const STRONG_CUES = ['zustandig', 'zustandige', 'zustandigen', 'zustandiger', 'zustandigkeit', 'zustandigkeiten', 'ansprechpartner', 'ansprechpartnerin', 'ansprechpartnerinnen', 'ansprechperson', 'ansprechstelle', 'kontaktperson', 'verantwortlich', 'verantwortliche', 'verantwortlicher', 'responsible', 'responsibility'];
export const FUZZY_CUES = ['zustandig', 'zustandigkeit', 'ansprechpartner', 'verantwortlich', 'responsible'];
export const CUE_PHRASES: string[][] = [
  ['in', 'charge'], ['contact', 'person'], ['point', 'of', 'contact'], ['who', 'handles'], ['who', 'deals'], ['who', 'do', 'i'], ['whom', 'do', 'i'],
  ['whom', 'should', 'i'], ['who', 'should', 'i'], ['an', 'wen'], ['wen', 'kann', 'ich'], ['wen', 'frage', 'ich'], ['wer', 'kummert'], ['wer', 'hilft'],
];
/** Question openings that count when a topic or role word and an institution follow. */
export const OPENINGS: string[][] = [['wer', 'ist'], ['wer', 'sind'], ['who', 'is'], ['who', 'are'], ['whos'], ['wer', 'macht'], ['who', 'does']];
export const ROLE_WORDS = /^(?:.*beauftragte[rn]?|officer|officers|contact|coordinator|commissioner|chaplain|seelsorger(?:in)?|koordinator(?:in)?|ansprechpartner(?:in)?|leitung|leiter(?:in)?|head)$/;
/** Words hinting the question is English (answer in English even in a German client). */
export const ENGLISH = new Set(['who', 'whom', 'whos', 'is', 'the', 'responsible', 'at', 'for', 'officer', 'contact', 'person', 'charge', 'which', 'what', 'handles', 'deals', 'does', 'should', 'in']);
export const GERMAN = new Set(['wer', 'ist', 'der', 'die', 'das', 'fur', 'zustandig', 'ansprechpartner', 'ansprechpartnerin', 'bei', 'im', 'beim', 'an', 'wen', 'welche', 'welcher', 'in']);

export function isCueWord(token: string): boolean {
  if (STRONG_CUES.includes(token)) return true;
  if (token.length < 8) return false;
  return FUZZY_CUES.some((cue) => {
    const budget = typoBudget(Math.min(cue.length, token.length));
    return Math.abs(cue.length - token.length) <= budget && editDistance(token, cue, budget) <= budget;
  });
}

export function hasPhrase(tokens: readonly string[], phrases: string[][]): boolean {
  return phrases.some((p) => tokens.some((_, i) => p.every((w, k) => tokens[i + k] === w)));
}

export function startsWithAny(tokens: readonly string[], openings: string[][]): boolean {
  return openings.some((o) => o.every((w, k) => tokens[k] === w));
}

export function languageOf(tokens: readonly string[]): { language?: 'de' | 'en' } {
  let en = 0;
  let de = 0;
  for (const t of tokens) {
    if (ENGLISH.has(t)) en++;
    if (GERMAN.has(t)) de++;
  }
  if (en > de && en >= 2) return { language: 'en' };
  if (de > en && de >= 1) return { language: 'de' };
  return {};
}
