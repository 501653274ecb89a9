// The figures tab in the Teams manifest: a personal static tab on the bot's host, SSO resource, valid
// against the bundled official schema.
import { expect } from 'chai';
import { renderManifest, tabHostFrom, teamsValidator, templateSchemaVersion, readTemplate, type JsonObject } from '../scripts/lib/manifest.js';

describe('figures tab in the manifest', () => {
  it('declares the personal tab, its SSO resource and host, and stays valid', () => {
    const host = tabHostFrom('api://bot.example.org/0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e');
    expect(host).to.equal('bot.example.org');
    const manifest = renderManifest({ botId: '0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e', tabHost: host });
    const tab = (manifest.staticTabs as JsonObject[])[0]!;
    expect(tab).to.deep.include({ entityId: 'figures', name: 'Kennzahlen', contentUrl: 'https://bot.example.org/tab/?lang={locale}', scopes: ['personal'] });
    expect(manifest.webApplicationInfo).to.deep.equal({ id: '0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e', resource: 'api://bot.example.org/0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e' });
    expect(manifest.validDomains).to.deep.equal(['bot.example.org']);
    const validate = teamsValidator(templateSchemaVersion(readTemplate()), 'manifest');
    expect(validate(manifest)).to.deep.equal([]);
  });
});
