// 1,000 random and adversarial texts (deterministic: a seeded generator), up to 10,000 characters each, for
// the fuzz run of every screening function: keywords followed by long runs of plain words, repeated
// separators and blanks, mixed scripts, emoji, huge words, digit runs, e-mail and phone look-alikes.

const KEYWORDS = ['Fall', 'Fall-Nr.', 'case', 'Vorgang', 'Ticket', 'Ref', 'Az.', 'Aktenzeichen', 'Buchnummer', 'Tel.', 'Telefon', 'geb.', 'Name:', 'Herr', 'Frau', 'Gefangener', 'inmate', 'Anschrift:', 'Ausweis-Nr.', 'IBAN', 'dialekt', 'morgen um', 'für 2 Stunden', 'wer ist zuständig für', 'kontakte'];
const WORDS = ['der', 'Fall', 'betrifft', 'einen', 'jungen', 'Mann', 'seit', 'drei', 'Monaten', 'Haft', 'kaum', 'Deutsch', 'Ahmad', 'Müller', 'al-', 'bin', 'Yılmaz', 'straße', 'Str.', 'weg', 'und', 'and', 'Dolmetscher', 'Arabisch', 'JVA', 'Köln', 'uhr', 'Stunde', 'halbe', 'in', 'am'];
const SCRIPTS = ['Мне нужен врач', 'أين نقودي', 'ትግርኛ', 'ქართული', 'مرحبا بك', 'Tiếng Việt', 'Türkçe', '中文字符', 'ελληνικά'];
const EMOJI = ['😀', '👍🏽', '🇩🇪', '👨‍👩‍👧', '\u200d', '\u202e', '\ufe0f'];
const SEPARATORS = [' ', '  ', '\t', '-', '.', '/', ',', ';', ':', '#', '@', '+', '0', '(', ')', '\n', ' - ', ' / ', '—'];

/** Mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fuzzTexts(count = 1000, maxLength = 10_000, seed = 20261204): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  // Lengths skewed towards short texts (as typed), every 25th text at the full length.
  let made = 0;
  const upTo = (n: number) => (made % 25 === 0 ? n : 1 + Math.floor(r() ** 2 * n));
  const fill = (unit: () => string, length: number) => {
    let s = '';
    while (s.length < length) s += unit();
    return s.slice(0, length);
  };
  const makers: (() => string)[] = [
    () => `${pick(KEYWORDS)} ${fill(() => `${pick(WORDS)} `, upTo(maxLength - 20))}`, // keyword + plain words, no digit
    () => `${pick(KEYWORDS)}${fill(() => pick(SEPARATORS), upTo(maxLength - 20))}x`, // keyword + repeated separators
    () => fill(() => pick(SEPARATORS), upTo(maxLength)),
    () => fill(() => `${pick(SCRIPTS)} ${pick(EMOJI)} ${pick(WORDS)} `, upTo(maxLength)),
    () => 'A' + fill(() => pick(['a', 'ä', 'ß', 'x']), upTo(maxLength - 1)), // one huge word
    () => fill(() => pick(['0', '1', '9', ' ', '/', '-', '.']), upTo(maxLength)), // digit runs with separators
    () => fill(() => pick(['a', '.', '@', '-', '_', '+']), upTo(maxLength)), // e-mail look-alikes
    () => fill(() => `${pick(KEYWORDS)} ${pick(WORDS)} ${Math.floor(r() * 10_000)} `, upTo(maxLength)),
    () => fill(() => String.fromCodePoint(Math.floor(r() * 0x2ffff)).replace(/[\ud800-\udfff]/u, '?'), upTo(maxLength)), // random code points
    () => fill(() => `${pick(WORDS)[0]!.toUpperCase()}${pick(WORDS)}-`, upTo(maxLength)), // hyphen chains of capitalised words
    () => fill(() => `${pick(['Herr', 'mit', 'von', 'Cousin'])} ${pick(['Ahmad', 'Müller', 'van', 'der', 'al-Hassan', 'bin'])} `, upTo(maxLength)),
  ];
  const out: string[] = [];
  for (; made < count; made++) out.push(makers[made % makers.length]!());
  return out;
}
