import { expect } from 'chai';
import { CommandTable, editDistance, isCancel, isHelp } from '../src/bot/commands.js';
import { checkTenant } from '../src/bot/tenantGuard.js';
import { commandFromCardValue } from '../src/bot/cardValue.js';

const table = new CommandTable([
  { id: 'interp', phrases: ['dolmetscher', 'interpreter'], roles: ['officer'] },
  { id: 'myInterp', phrases: ['meine dolmetscher', 'my interpreters'], roles: ['officer'] },
  { id: 'who', phrases: ['wer ist zuständig', 'zuständig', 'who is responsible'], roles: ['staff', 'officer'] },
]);

describe('commands', () => {
  it('matches German and English phrases, case and umlaut insensitive, longest phrase first', () => {
    expect(table.match('Dolmetscher Arabisch morgen')).to.deep.include({ args: 'Arabisch morgen' });
    expect(table.match('MEINE DOLMETSCHER')!.spec.id).to.equal('myInterp');
    expect(table.match('my interpreters')!.spec.id).to.equal('myInterp');
    expect(table.match('wer ist zustaendig für Seelsorge in Werl')!.args).to.equal('für Seelsorge in Werl');
    expect(table.match('Zuständig Seelsorge Werl')!.spec.id).to.equal('who');
    expect(table.match('dolmetscherin')).to.equal(undefined);
  });

  it('suggests close commands for typos, only those the role may use', () => {
    expect(table.suggest('dolmetcher arabisch', 'officer')).to.deep.equal(['dolmetscher']);
    expect(table.suggest('dolmetcher', 'staff')).to.deep.equal([]);
    expect(table.suggest('guten morgen', 'officer')).to.deep.equal([]);
  });

  it('recognises cancel and help words', () => {
    for (const w of ['abbrechen', 'Abbrechen!', 'cancel', 'STOP']) expect(isCancel(w), w).to.equal(true);
    for (const w of ['hilfe', 'Menü', 'menue', 'help', '?']) expect(isHelp(w), w).to.equal(true);
    expect(isCancel('abbrechen bitte die Anfrage')).to.equal(false);
    expect(isHelp('!!!')).to.equal(false);
  });

  it('computes edit distance with transpositions', () => {
    expect(editDistance('hilfe', 'hilfe')).to.equal(0);
    expect(editDistance('hilfe', 'hlife')).to.equal(1);
    expect(editDistance('abc', '')).to.equal(3);
  });

  it('reads only our own card submit shape', () => {
    expect(commandFromCardValue({ cmd: 'hilfe', msteams: {} })).to.equal('hilfe');
    expect(commandFromCardValue({ cmd: '' })).to.equal(undefined);
    expect(commandFromCardValue({ cmd: 'x'.repeat(500) })).to.equal(undefined);
    expect(commandFromCardValue('hilfe')).to.equal(undefined);
    expect(commandFromCardValue(JSON.parse('{"__proto__": {"cmd": "admin"}}'))).to.equal(undefined);
  });
});

describe('tenant guard', () => {
  const T = '11111111-2222-3333-4444-555555555555';
  const act = (channelTenant?: string, convTenant?: string) => ({
    channelData: channelTenant ? { tenant: { id: channelTenant } } : {},
    conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '', ...(convTenant ? { tenantId: convTenant } : {}) },
  });
  it('lets everything through when no allow-list is set', () => {
    expect(checkTenant(act(), []).ok).to.equal(true);
  });
  it('fails closed: missing, mismatching or foreign tenants are rejected', () => {
    expect(checkTenant(act(T, T), [T]).ok).to.equal(true);
    expect(checkTenant(act(T.toUpperCase()), [T]).ok).to.equal(true);
    expect(checkTenant(act(), [T])).to.deep.equal({ ok: false, tenant: 'missing' });
    expect(checkTenant(act(undefined, T), [T])).to.deep.equal({ ok: false, tenant: 'missing' });
    expect(checkTenant(act(T, '99999999-2222-3333-4444-555555555555'), [T])).to.deep.equal({ ok: false, tenant: 'mismatch' });
    expect(checkTenant(act('99999999-2222-3333-4444-555555555555'), [T]).ok).to.equal(false);
  });
});
