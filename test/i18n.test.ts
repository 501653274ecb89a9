import { expect } from 'chai';
import { flatten, resolveLocale, translate } from '../src/i18n/i18n.js';
import { formatter } from '../src/i18n/format.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  const de = flatten('de');
  const en = flatten('en');

  it('German and English have exactly the same keys', () => {
    expect([...en.keys()].sort()).to.deep.equal([...de.keys()].sort());
  });

  it('every message has the same placeholders in both languages and is not empty', () => {
    for (const [key, text] of de) {
      expect(text.trim(), `de ${key}`).not.to.equal('');
      expect(en.get(key)?.trim(), `en ${key}`).not.to.equal('');
      expect(placeholders(en.get(key)!), key).to.deep.equal(placeholders(text));
    }
  });

  it('picks the locale from activity.locale, German by default', () => {
    expect(resolveLocale('en-US')).to.equal('en');
    expect(resolveLocale('en_GB')).to.equal('en');
    expect(resolveLocale('de-AT')).to.equal('de');
    expect(resolveLocale('tr-TR')).to.equal('de');
    expect(resolveLocale(undefined)).to.equal('de');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('de', 'menu.roleLine', { role: 'Admin' })).to.equal('Ihre Rolle: Admin');
    expect(translate('en', 'menu.roleLine')).to.equal('Your role: {role}');
  });

  it('formats dates in Europe/Berlin whatever the machine zone is', () => {
    const winterNoonUtc = new Date('2026-11-21T14:30:00Z');
    expect(formatter('de').dateTime(winterNoonUtc)).to.equal('Samstag, 21. November 2026 um 15:30');
    expect(formatter('en').dateTime(winterNoonUtc)).to.equal('Saturday, 21 November 2026 at 15:30');
    expect(formatter('de').euro(1234.5)).to.equal('1.234,50\u00a0€');
  });
});
