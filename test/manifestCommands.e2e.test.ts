// Every command the Teams manifest offers (de and en) must be one the bot understands: a command in
// the compose box that the bot answers with "nicht verstanden" would be a broken promise.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { textOf, type TestUser } from './harness/botClient.js';
import { ROOT } from './harness/botProcess.js';
import { useBot } from './harness/useBot.js';

type Command = { title: string; description: string };
const template = JSON.parse(readFileSync(`${ROOT}/appPackage/manifest.template.json`, 'utf8'));
const locale = (lang: string) => JSON.parse(readFileSync(`${ROOT}/locales/${lang}.json`, 'utf8')).manifest as Record<string, string>;
const fill = (text: string, strings: Record<string, string>) => text.replace(/\{\{manifest\.(\w+)\}\}/g, (_, k: string) => strings[k]!);
const personal: Command[] = template.bots[0].commandLists.find((l: { scopes: string[] }) => l.scopes.includes('personal')).commands;

const officer: TestUser = { aadObjectId: 'demo-officer-jva' };
const coordinator: TestUser = { aadObjectId: 'demo-coordinator' };
const NOT_UNDERSTOOD = /nicht verstanden|did not understand/;
const NO_ACCESS = /Berechtigung|permission/;

describe('manifest commands are understood by the bot (HTTP)', function () {
  this.timeout(60000);
  const ctx = useBot();

  for (const lang of ['de', 'en'] as const) {
    for (const command of personal) {
      const title = fill(command.title, locale(lang));
      it(`${lang}: "${title}"`, async () => {
        const answers: string[] = [];
        for (const user of [officer, coordinator]) {
          const speaker = { ...user, locale: lang === 'en' ? 'en-US' : 'de-DE' };
          const res = await ctx.client.say(speaker, title);
          answers.push(res.replies.map(textOf).join('\n'));
          await ctx.client.say(speaker, lang === 'en' ? 'cancel' : 'abbrechen');
        }
        for (const answer of answers) expect(answer, title).not.to.match(NOT_UNDERSTOOD).and.not.equal('');
        expect(answers.some((a) => !NO_ACCESS.test(a)), `${title}: some role may use it`).to.equal(true);
      });
    }
  }
});
