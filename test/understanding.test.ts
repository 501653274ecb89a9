// The understanding step: the labelled development set must not regress (count thresholds), the
// role rules hold, the lexicon files are validated, and bad input gets a calm, bounded answer.
import { expect } from 'chai';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { loadTopics, TopicsFileError, TOPICS_FILE } from '../src/directory/topics.js';
import { loadLexicon, UnderstandingFileError, UNDERSTANDING_FILE } from '../src/understanding/lexicon.js';
import { Understander } from '../src/understanding/understand.js';
import { describe as describeReading, loadLabelled, score } from '../src/understanding/evaluate.js';
import type { Asker } from '../src/understanding/types.js';

const institutions = loadInstitutions();
const understander = new Understander(institutions);
const staff: Asker = { role: 'staff' };
const officer: Asker = { role: 'officer', institutionId: 'jva-koeln' };
const read = (text: string, asker: Asker = staff) => describeReading(understander.understand(text, asker));
const DEV = path.join(import.meta.dirname, 'fixtures', 'understanding', 'dev.jsonl');

describe('understanding: free questions by role', () => {
  describe('the labelled development set', () => {
    const items = loadLabelled(DEV);
    const s = score(items, (i) => understander.understand(i.text, { role: i.role, ...(i.institutionId ? { institutionId: i.institutionId } : {}) }));

    it('has German and English questions of every topic', () => {
      expect(items.length).to.be.at.least(170);
      expect(items.filter((i) => i.lang === 'en').length).to.be.at.least(50);
      for (const topic of loadTopics()) expect(s.byTopic.get(topic.id)?.total ?? 0, topic.id).to.be.at.least(2);
    });

    it('understands at least 176 of 179 (no regression)', () => {
      const errors = s.errors.map((e) => `${e.item.id} ${e.item.text} → ${e.got} (want ${e.want})`);
      expect(s.correct, errors.join('\n')).to.be.at.least(176);
    });

    it('gets every responsibility question in English and German at least 97 % right', () => {
      for (const lang of ['de', 'en']) {
        const l = s.byLanguage.get(lang)!;
        expect(l.correct / l.total, lang).to.be.at.least(0.97);
      }
    });
  });

  describe('role rules', () => {
    it('staff naming the interpreter topic and a place get the responsible contact, not a refusal', () => {
      expect(read('Dolmetscher JVA Bochum')).to.equal('responsibility:interpreting@jva-bochum');
      expect(read('dolmetscher arabisch')).to.equal('responsibility:interpreting@-');
    });
    it('an officer writing only topic and place is asked which one is meant', () => {
      expect(read('Dolmetscher JVA Bochum', officer)).to.equal('ask:interpreter,responsibility');
    });
    it('an officer asking who is responsible gets the answer, not a request', () => {
      expect(read('wer ist in der JVA Bochum für Dolmetscher zuständig?', officer)).to.equal('responsibility:interpreting@jva-bochum');
    });
    it('a clear request from staff is refused; from an officer it is a request with its slots', () => {
      expect(read('ich möchte einen Dolmetscher buchen')).to.equal('refused:interpreter');
      const request = understander.understand('Ich brauche einen Dolmetscher für Arabisch morgen um 10 Uhr', officer);
      expect(request).to.include({ kind: 'command', command: 'interpreter' });
      expect(request.kind === 'command' && request.slots.language).to.equal('ar');
      expect(read('ich möchte das eskalieren')).to.equal('refused:escalation');
      expect(read('ich möchte das eskalieren', officer)).to.equal('command:escalation');
    });
    it('"bei uns" is the officer\'s own institution', () => {
      const r = understander.understand('wer ist bei uns für Seelsorge zuständig', officer);
      expect(describeReading(r)).to.equal('responsibility:religious-care@jva-koeln');
      expect(r.kind === 'responsibility' && r.ownInstitution).to.equal(true);
    });
  });

  describe('places and topics', () => {
    it('reads English place forms', () => {
      expect(read('who deals with extremism at the Cologne prison')).to.equal('responsibility:extremism@jva-koeln');
      expect(read('funding, district government of Arnsberg')).to.equal('responsibility:funding@br-arnsberg');
      expect(read('integration officer district government munster')).to.equal('responsibility:integration@br-muenster');
    });
    it('takes situation wording for its topic', () => {
      expect(read('Gefangener in der JVA Werl äußert sich islamistisch, an wen wende ich mich?')).to.equal('responsibility:extremism@jva-werl');
      expect(read('inmate at risk of suicide in Hagen prison, who do I call')).to.equal('responsibility:crisis@jva-hagen');
      expect(read('gefangener soll abgeschoben werden jva essen')).to.equal('responsibility:foreigners-law@jva-essen');
    });
    it('never replaces an unknown topic by another one, and names the closest known ones', () => {
      const r = understander.understand('wer ist zuständig für Impfungen in der JVA Aachen', staff);
      expect(describeReading(r)).to.equal('unknownTopic@jva-aachen');
      expect(r.kind === 'unknownTopic' && r.words).to.deep.equal(['impfungen']);
      const near = understander.understand('wer ist in der JVA Werl für Seelsorgge und Gottesdinste zustandig', staff);
      expect(describeReading(near)).to.equal('responsibility:religious-care@jva-werl');
      // A compound headed by a topic word is that topic ("Fortbildungsplanung", "Diskriminierungsbeschwerde").
      const compound = understander.understand('wer ist zuständig für Fortbildungsplanung in der JVA Köln', staff);
      expect(describeReading(compound)).to.equal('responsibility:training@jva-koeln');
    });
  });

  describe('bad input', () => {
    const calm = ['', '   ', '😀😀😀', 'Привет 你好 مرحبا', 'a'.repeat(10_000), 'Herr Max Mustermann 0151 23456789 wer hilft?'];
    for (const text of calm) {
      it(`"${text.slice(0, 20)}…" (${text.length} chars) gets an interpretation, never an exception`, () => {
        const r = understander.understand(text, staff);
        expect(['unclear', 'unknownTopic', 'responsibility']).to.include(r.kind);
      });
    }
    it('only the first 400 characters are read, so the cost of a long text is bounded', () => {
      expect(read(`Dolmetscher JVA Bochum ${'bla '.repeat(5000)}`)).to.equal('responsibility:interpreting@jva-bochum');
      expect(read(`${'bla '.repeat(100)} Dolmetscher JVA Bochum`)).to.equal('unclear');
    });
  });

  describe('lexicon files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lexicon-'));
    it('a broken topics file names the field', () => {
      const data = JSON.parse(readFileSync(TOPICS_FILE, 'utf8'));
      data.topics[2].synonyms[1] = '  ';
      const file = path.join(dir, 'topics.json');
      writeFileSync(file, JSON.stringify(data));
      expect(() => loadTopics(file)).to.throw(TopicsFileError, /topics\[2\]\.synonyms\[1\]/);
    });
    it('a broken understanding lexicon names the field', () => {
      const data = JSON.parse(readFileSync(UNDERSTANDING_FILE, 'utf8'));
      delete data.kindWords.jva;
      const file = path.join(dir, 'understanding.json');
      writeFileSync(file, JSON.stringify(data));
      expect(() => loadLexicon(file)).to.throw(UnderstandingFileError, /kindWords\.jva/);
    });
  });
});
