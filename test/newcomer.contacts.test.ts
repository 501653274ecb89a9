// Issue 12 item 6: one rule for professional contacts. Unmarked, personal data is removed whoever it
// belongs to; a line the officer marks as an official contact is kept, so the coordinator can call the
// authority or the lawyer — unless the line speaks of a prisoner.
import { expect } from 'chai';
import { silentLogger } from '../src/log/logger.js';
import { OfflineLanguageService } from '../src/language/offlineLanguage.js';
import { EscalationService } from '../src/escalations/service.js';
import { isOfficialContactLine, redactExceptOfficialContacts } from '../src/privacy/officialContact.js';

// Phone numbers from the range reserved for fiction (030 23125 xxx); the names are the examples.
const CLERK = 'Frau Müller, Ausländerbehörde Köln, Tel. 030 23125 123';
const LAWYER = 'Anwalt Dr. Peters, Tel. 030 23125 456';

describe('newcomer: official contacts are kept only when marked (issue 12 item 6)', () => {
  const language = new OfflineLanguageService({ log: silentLogger });
  const service = new EscalationService({ log: silentLogger, language } as never);

  it('an unmarked clerk is redacted; the same line marked as an official contact is kept — clerk and lawyer alike', async () => {
    const unmarked = await service.redact(`Rückmeldung von ${CLERK}.`, 'de');
    expect(unmarked.text).not.to.contain('Müller').and.not.to.contain('23125 123');
    const lawyer = await service.redact(`Rückmeldung von ${LAWYER}.`, 'de');
    expect(lawyer.text, 'the lawyer like the clerk').not.to.contain('Peters').and.not.to.contain('23125 456');
    const marked = await service.redact(`Termin steht.\nDienstlicher Kontakt: ${CLERK}\nOfficial contact: ${LAWYER}`, 'de');
    expect(marked.text).to.contain(`Dienstlicher Kontakt: ${CLERK}`).and.contain(`Official contact: ${LAWYER}`);
    expect(marked.text.split('\n')[0]).to.equal('Termin steht.');
  });

  it('the rest of the text is still redacted, and a marked line about a prisoner is not an official contact', async () => {
    const text = 'Gefangener Max Mustermann braucht Hilfe.\nKontakt (dienstlich): Gefangener Max Mustermann, Tel. 030 23125 789\nDienstlicher Kontakt: ' + CLERK;
    const r = await service.redact(text, 'de');
    expect(r.text).not.to.contain('Mustermann').and.not.to.contain('23125 789');
    expect(r.text).to.contain(CLERK);
    expect(r.count).to.be.greaterThan(0);
    expect(isOfficialContactLine('dienstlicher kontakt: Amtsgericht Köln, Geschäftsstelle')).to.equal(true);
    expect(isOfficialContactLine('Kontakt: Frau Müller'), 'the marker is explicit').to.equal(false);
    expect(isOfficialContactLine(`Dienstlicher Kontakt: ${'x'.repeat(400)}`), 'one contact, not a letter').to.equal(false);
  });

  it('redacts runs of unmarked lines together and counts only what was removed', async () => {
    const seen: string[] = [];
    const r = await redactExceptOfficialContacts('a\nb\nOfficial contact: KfI, Dezernat 36\nc', async (chunk) => (seen.push(chunk), { text: chunk.toUpperCase(), count: 1 }));
    expect(seen).to.deep.equal(['a\nb', 'c']);
    expect(r).to.deep.equal({ text: 'A\nB\nOfficial contact: KfI, Dezernat 36\nC', count: 2, kept: 1 });
  });
});
