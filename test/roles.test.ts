// The roles capability: role resolution (roster, admin assignments) and the "rolle setzen" dialog.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { SetRoleDialog } from '../dialogs/roles/index.js';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { RoleService } from '../src/roles/roleService.js';
import { RosterError, validateRoster } from '../src/roles/roster.js';
import type { Identity } from '../src/roles/types.js';
import { coreFiles, dialogClient, said } from './harness/dialogHarness.js';

const institutions = loadInstitutions();
const admin: Identity = { userKey: 'admin-1', role: 'admin' };
const target = '12345678-aaaa-4000-8000-000000000001';

describe('roles', () => {
  let files: Awaited<ReturnType<typeof coreFiles>>;
  let roles: RoleService;

  beforeEach(async () => {
    files = await coreFiles();
    roles = new RoleService(files.store, [{ id: 'rostered-officer', role: 'officer', institutionId: 'jva-werl' }, { id: 'admin-1', role: 'admin' }], institutions, files.audit);
  });
  afterEach(() => files.close());

  describe('RoleService', () => {
    it('everyone unknown is staff; roster entries carry their place', () => {
      expect(roles.identify('nobody')).to.deep.equal({ userKey: 'nobody', role: 'staff' });
      expect(roles.identify('rostered-officer')).to.deep.equal({ userKey: 'rostered-officer', role: 'officer', institutionId: 'jva-werl' });
    });

    it('an admin assignment overrides the roster, is durable and audited', async () => {
      const res = await roles.setRole(admin, 'rostered-officer', 'coordinator', 'kfi');
      expect(res).to.deep.include({ ok: true });
      expect(roles.identify('rostered-officer')).to.deep.equal({ userKey: 'rostered-officer', role: 'coordinator', unitId: 'kfi' });
      const onDisk = JSON.parse(readFileSync(path.join(files.dir, 'store.json'), 'utf8'));
      expect(onDisk.data.roleAssignments['rostered-officer']).to.include({ role: 'coordinator', unitId: 'kfi', setBy: 'admin-1' });
      await files.audit.flush();
      const audit = readFileSync(path.join(files.dir, 'audit.jsonl'), 'utf8');
      expect(audit).to.contain('"action":"role.set"').and.contain('"record":"rostered-officer"');
    });

    it('refuses non-admins (audited), self-demotion, and places that do not fit the role', async () => {
      expect(await roles.setRole({ userKey: 'x', role: 'officer' }, target, 'admin')).to.deep.equal({ ok: false, reason: 'forbidden' });
      expect(await roles.setRole(admin, 'admin-1', 'staff')).to.deep.equal({ ok: false, reason: 'selfDemotion' });
      expect(await roles.setRole(admin, target, 'officer')).to.deep.equal({ ok: false, reason: 'placeRequired' });
      expect(await roles.setRole(admin, target, 'officer', 'kfi')).to.deep.equal({ ok: false, reason: 'wrongPlace' });
      expect(await roles.setRole(admin, target, 'coordinator', 'jva-koeln')).to.deep.equal({ ok: false, reason: 'wrongPlace' });
      expect(roles.identify(target).role).to.equal('staff');
      await files.audit.flush();
      expect(readFileSync(path.join(files.dir, 'audit.jsonl'), 'utf8')).to.contain('"outcome":"denied"');
    });
  });

  describe('roster file', () => {
    it('names every bad entry', () => {
      const bad = [
        { id: 'a', role: 'officer' },
        { id: 'b', role: 'coordinator', unitId: 'jva-koeln' },
        { id: 'c', role: 'king' },
        { id: 'a', role: 'admin' },
        { id: 'd', role: 'admin', extra: true },
      ];
      try {
        validateRoster(bad, institutions, 'roster.json');
        expect.fail('should have thrown');
      } catch (err) {
        expect(err).to.be.instanceOf(RosterError);
        const text = (err as Error).message;
        expect(text).to.contain('entry 1 (id "a"): institutionId is required');
        expect(text).to.contain('entry 2 (id "b"): unitId "jva-koeln" is not a coordinating unit');
        expect(text).to.contain('entry 3 (id "c"): role');
        expect(text).to.contain('entry 4 (id "a"): id appears more than once');
        expect(text).to.contain('entry 5 (id "d")');
      }
    });

    it('the shipped demo roster is valid', () => {
      const demo = JSON.parse(readFileSync(new URL('../data/roster.demo.json', import.meta.url), 'utf8'));
      expect(validateRoster(demo, institutions)).to.have.length(demo.length);
    });
  });

  describe('"rolle setzen" dialog (botbuilder-testing)', () => {
    it('one shot: all arguments given, place resolved from a nickname', async () => {
      const client = dialogClient(new SetRoleDialog(roles, institutions), () => admin, { options: { args: `${target} officer Ossendorf` } });
      const reply = await client.sendActivity('rolle setzen');
      expect(said(reply)).to.contain(`${target} ist jetzt Integrationsbeauftragte/r (JVA Köln)`);
      expect(client.dialogTurnResult.status).to.equal(DialogTurnStatus.complete);
      expect(roles.identify(target)).to.include({ role: 'officer', institutionId: 'jva-koeln' });
    });

    it('guided: asks for what is missing, re-asks with a precise message on bad input', async () => {
      const client = dialogClient(new SetRoleDialog(roles, institutions), () => admin, { options: { args: '' } });
      expect(said(await client.sendActivity('rolle setzen'))).to.contain('Für welche Kennung');
      expect(said(await client.sendActivity('zwei Wörter'))).to.contain('sieht nicht nach einer Kennung aus');
      expect(said(await client.sendActivity(target))).to.contain('Welche Rolle');
      expect(said(await client.sendActivity('König'))).to.contain('„König“ ist keine Rolle');
      expect(said(await client.sendActivity('Koordinatorin'))).to.contain('koordinierenden Stelle');
      expect(said(await client.sendActivity('JVA Köln'))).to.contain('ist keine koordinierende Stelle');
      expect(said(await client.sendActivity('Koordinierungsstelle'))).to.contain('ist jetzt Koordinator/in');
      expect(roles.identify(target)).to.include({ role: 'coordinator', unitId: 'koordinierungsstelle' });
    });

    it('an ambiguous place is asked back with the candidates', async () => {
      const client = dialogClient(new SetRoleDialog(roles, institutions), () => admin, { options: { args: `${target} officer` } });
      expect(said(await client.sendActivity('x'))).to.contain('Zu welcher Einrichtung');
      const reply = said(await client.sendActivity('Bochum'));
      expect(reply).to.contain('passt auf mehrere Einrichtungen').and.contain('JVA Bochum-Langendreer');
      expect(said(await client.sendActivity('JVA Bochum'))).to.contain('(JVA Bochum)');
    });

    it('speaks English to an English client', async () => {
      const client = dialogClient(new SetRoleDialog(roles, institutions), () => admin, { options: { args: '' }, locale: 'en-US' });
      expect(said(await client.sendActivity('set role'))).to.contain('For which id');
    });

    it('a non-admin who reaches the dialog anyway changes nothing', async () => {
      const client = dialogClient(new SetRoleDialog(roles, institutions), () => ({ userKey: 'sneaky', role: 'staff' }), { options: { args: `${target} admin` } });
      expect(said(await client.sendActivity('x'))).to.contain('fehlt Ihnen die Berechtigung');
      expect(roles.identify(target).role).to.equal('staff');
    });
  });
});
