// The question a dialog last asked is kept in state.json until the next turn (src/bot/dialogPause.ts);
// a refusal in it may quote what the user typed, so its texts are redacted (issue 10).
import { expect } from 'chai';
import { redactTexts } from '../src/bot/dialogPause.js';

describe('dialog pause: the kept question', () => {
  it('redacts every text of the messages and their cards, and leaves the rest as it is', () => {
    const now = new Date('2026-03-02T09:00:00Z');
    const kept = [
      { type: 'message', text: '„Jovana Petrović-Kessler“ ist keine Rolle.' },
      { type: 'message', attachments: [{ content: { body: [{ type: 'TextBlock', text: 'Tel. +49 170 5550 1234, geb. 14.03.1987' }], actions: [{ title: 'Weiter', data: { cmd: 'weiter' } }] } }] },
    ];
    const out = redactTexts(kept, 'de', now) as typeof kept;
    expect(out[0]!.text).to.equal('„[Name]“ ist keine Rolle.');
    expect(JSON.stringify(out[1])).to.contain('[Telefon]').and.contain('[Geburtsdatum]').and.not.contain('5550');
    expect((out[1] as any).attachments[0].content.actions).to.deep.equal([{ title: 'Weiter', data: { cmd: 'weiter' } }]);
    expect(redactTexts([{ type: 'message', text: 'Welche Rolle soll die Person bekommen?' }], 'de', now)).to.deep.equal([{ type: 'message', text: 'Welche Rolle soll die Person bekommen?' }]);
  });
});
