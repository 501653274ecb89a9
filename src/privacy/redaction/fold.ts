// One spelling key for names and places: lower case, no diacritics, Turkish dotless ı as i, ß as ss, so
// "Yiğit", "Yigit" and "YIGIT" or "Dumitrașcu" and "Dumitrascu" meet in the word lists.
export function foldName(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/ß/g, 'ss')
    .replace(/[’`´]/g, "'")
    .replace(/[đ]/g, 'd')
    .replace(/[ł]/g, 'l')
    .replace(/[ø]/g, 'o')
    .replace(/[æ]/g, 'ae');
}
