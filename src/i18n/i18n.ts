// Typed translations: every user-visible string lives in locales/<lang>.json. A key that does not
// exist in the German file is a compile error. Plurals use `_one` / `_other` suffixes picked by
// Intl.PluralRules; `{name}` placeholders are filled from params.
import de from '../../locales/de.json' with { type: 'json' };
import en from '../../locales/en.json' with { type: 'json' };

import type { Locale } from '../text/locale.js';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
type StripPlural<K extends string> = K extends `${infer B}_one` ? B : K extends `${infer B}_other` ? B : K;

export type MessageKey = StripPlural<Leaves<typeof de>>;
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

type Tree = { [k: string]: string | Tree };
const catalogs: Record<Locale, Tree> = { de: de as Tree, en: en as Tree };

/** `de-DE`, `de-AT`, `de` → de; `en-US`, `en-GB` → en; anything else → de (German first). */
export function resolveLocale(tag: string | undefined | null): Locale {
  const lang = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return lang === 'en' ? 'en' : 'de';
}

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const pluralRules: Record<Locale, Intl.PluralRules> = { de: new Intl.PluralRules('de'), en: new Intl.PluralRules('en') };

export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  const tree = catalogs[locale];
  let template = lookup(tree, key);
  if (template === undefined && typeof params.count === 'number') {
    template = lookup(tree, `${key}_${pluralRules[locale].select(params.count)}`) ?? lookup(tree, `${key}_other`);
  }
  if (template === undefined) return key; // unreachable for typed keys; the parity test guards en
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** Flattened key → template map of one locale, for the parity test and tooling. */
export function flatten(locale: Locale): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (tree: Tree, prefix: string) => {
    for (const [k, v] of Object.entries(tree)) {
      if (typeof v === 'string') out.set(prefix + k, v);
      else walk(v, `${prefix}${k}.`);
    }
  };
  walk(catalogs[locale], '');
  return out;
}
