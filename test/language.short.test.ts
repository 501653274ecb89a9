// Short German and English lines (interpreter-request samples): the development lines must stay right
// (counts, no timing). The held-out lines are only measured, in bench/language.ts.
import { expect } from 'chai';
import path from 'node:path';
import { CHOSEN_DETECTOR, OfflineDetector } from '../src/language/offlineDetect.js';
import { loadSamples } from '../bench/language.js';

describe('language detection of short German and English lines', () => {
  const samples = loadSamples(path.join(import.meta.dirname, '..', 'bench', 'fixtures', 'language-short-dev.tsv'));
  let detector: OfflineDetector;
  before(async () => {
    detector = await OfflineDetector.load(CHOSEN_DETECTOR);
  });

  for (const lang of ['de', 'en']) {
    it(`${lang}: at least 24 of 25 development lines right, none answered with a language no officer meets`, () => {
      const lines = samples.filter((s) => s.lang === lang);
      const answers = lines.map((s) => detector.detect(s.text).language);
      expect(lines).to.have.length(25);
      const wrong = lines.map((s, i) => ({ text: s.text, got: answers[i] })).filter((x) => x.got !== lang).map((x) => `${x.text} → ${x.got}`);
      expect(lines.length - wrong.length, wrong.join('; ')).to.be.at.least(24);
      for (const a of answers) expect(['ha', 'uz', 'sw', 'no', 'nb', 'pt', 'hu', 'nl', 'da', 'ca', 'it', 'es']).to.not.include(a);
    });
  }
});
