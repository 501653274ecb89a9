// One spelling key for names and places: lower case, no diacritics, Turkish dotless ı as i, ß as ss, so
// "Yiğit", "Yigit" and "YIGIT" or "Dumitrașcu" and "Dumitrascu" meet in the word lists.
const SPECIAL: Record<string, string> = { ı: 'i', ß: 'ss', '’': "'", '`': "'", '´': "'", đ: 'd', ł: 'l', ø: 'o', æ: 'ae' };

export function foldName(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}|[ıß’`´đłøæ]/gu, (ch) => SPECIAL[ch] ?? '')
    .toLowerCase();
}
