// The languages the bot speaks, German first. Domain code names a language with this type without
// depending on the translation catalogue (src/i18n).
export type Locale = 'de' | 'en';
export const LOCALES: readonly Locale[] = ['de', 'en'];
