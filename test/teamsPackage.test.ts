// The Teams app package: manifest + English localization valid against the newest official schemas
// bundled in @microsoft/app-manifest, icons that follow the Teams rules, and a zip Teams accepts.
// PNG parsing, schema loading and Ajv set-up are done here independently of scripts/lib, so the
// checks do not just repeat the code under test.
import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { buildPackage } from '../scripts/package.js';
import { BRAND_COLOR, drawColorIcon, drawOutlineIcon, writeIcons } from '../scripts/icons.js';
import { crc32, decodePng, encodePng } from '../scripts/lib/png.js';
import { PLACEHOLDER_BOT_ID, TEAMS_APP_ID, renderManifest, teamsValidator } from '../scripts/lib/manifest.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA_ROOT = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
  'teams',
);
const BOT_ID = '5d3b7c1e-2f4a-4b6c-8d9e-0a1b2c3d4e5f';

type Json = Record<string, unknown>;

function newestBundledVersion(): string {
  const versions = readdirSync(SCHEMA_ROOT)
    .map((d) => /^v1\.(\d+)$/.exec(d))
    .filter((m): m is RegExpExecArray => m !== null)
    .filter((m) =>
      ['MicrosoftTeams.schema.json', 'MicrosoftTeams.Localization.schema.json'].every((f) => existsSync(path.join(SCHEMA_ROOT, m[0], f))),
    )
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  expect(versions.length, 'bundled Teams schemas').to.be.greaterThan(0);
  return `1.${versions[versions.length - 1]}`;
}

const compiled = new Map<string, ReturnType<typeof compile>>();
function ajvFor(file: string) {
  let v = compiled.get(file);
  if (!v) compiled.set(file, (v = compile(file)));
  return v;
}

function compile(file: string) {
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Json;
  expect(schema.$schema, `${file} draft`).to.equal('http://json-schema.org/draft-04/schema#');
  const ajv = new AjvDraft04Module.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormatsModule.default(ajv);
  return ajv.compile(schema);
}

// ---- a small independent PNG reader ----
interface Decoded {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  pixels: Uint8Array;
}

function parsePng(buf: Uint8Array): Decoded {
  const b = Buffer.from(buf);
  expect([...b.subarray(0, 8)], 'PNG signature').to.deep.equal([137, 80, 78, 71, 13, 10, 26, 10]);
  let pos = 8;
  let ihdr: Buffer | undefined;
  const idat: Buffer[] = [];
  while (pos < b.length) {
    const len = b.readUInt32BE(pos);
    const type = b.toString('latin1', pos + 4, pos + 8);
    const data = b.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
    if (type === 'IEND') break;
  }
  expect(ihdr, 'IHDR').to.not.equal(undefined);
  const width = ihdr!.readUInt32BE(0);
  const height = ihdr!.readUInt32BE(4);
  const bitDepth = ihdr![8]!;
  const colorType = ihdr![9]!;
  expect(bitDepth).to.equal(8);
  expect(colorType, 'RGBA').to.equal(6);
  const raw = inflateSync(Buffer.concat(idat));
  const bpp = 4;
  const stride = width * bpp;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    expect(f, `row ${y} filter type`).to.be.within(0, 4);
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= bpp ? pixels[y * stride + x - bpp]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? pixels[(y - 1) * stride + x - bpp]! : 0;
      const p = a + up - c;
      const pr = Math.abs(p - a) <= Math.abs(p - up) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - up) <= Math.abs(p - c) ? up : c;
      const pred = [0, a, up, (a + up) >> 1, pr][f]!;
      pixels[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return { width, height, bitDepth, colorType, pixels };
}

function readPngSize(buf: Uint8Array): [number, number] {
  const p = parsePng(buf);
  return [p.width, p.height];
}

/** Value at a localization key such as `bots[0].commandLists[1].commands[0].title`. */
function at(obj: unknown, key: string): unknown {
  let node = obj;
  for (const part of key.match(/[^.[\]]+/g) ?? []) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

describe('Teams app package', function () {
  let outDir: string;
  let result: Awaited<ReturnType<typeof buildPackage>>;
  let manifestFile: Json;
  let localizationFile: Json;
  const de = (JSON.parse(readFileSync(path.join(ROOT, 'locales/de.json'), 'utf8')) as { manifest: Record<string, string> }).manifest;
  const en = (JSON.parse(readFileSync(path.join(ROOT, 'locales/en.json'), 'utf8')) as { manifest: Record<string, string> }).manifest;

  before(async function () {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'teams-package-'));
    result = await buildPackage({ botId: BOT_ID, outDir, warn: () => {} });
    manifestFile = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')) as Json;
    localizationFile = JSON.parse(await readFile(path.join(outDir, 'en.json'), 'utf8')) as Json;
  });

  after(async function () {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  describe('schema version', function () {
    it('uses the newest manifest schema bundled in @microsoft/app-manifest', function () {
      const newest = newestBundledVersion();
      expect(manifestFile.manifestVersion, 'bump appPackage/manifest.template.json to the newest schema').to.equal(newest);
      expect(manifestFile.$schema).to.equal(`https://developer.microsoft.com/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`);
      expect(localizationFile.$schema).to.equal(`https://developer.microsoft.com/json-schemas/teams/v${newest}/MicrosoftTeams.Localization.schema.json`);
      expect(result.schemaVersion).to.equal(newest);
    });
  });

  describe('manifest.json', function () {
    it('is valid against the official MicrosoftTeams.schema.json', function () {
      const validate = ajvFor(path.join(SCHEMA_ROOT, `v${newestBundledVersion()}`, 'MicrosoftTeams.schema.json'));
      const ok = validate(manifestFile);
      expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).to.deep.equal([]);
      expect(ok).to.equal(true);
    });

    it('is what buildPackage returned', function () {
      expect(manifestFile).to.deep.equal(result.manifest);
    });

    it('carries the bot id, the fixed app id and no unfilled placeholder', function () {
      const bots = manifestFile.bots as Array<Json>;
      expect(bots).to.have.length(1);
      expect(bots[0]!.botId).to.equal(BOT_ID);
      expect(manifestFile.id).to.equal(TEAMS_APP_ID);
      expect(JSON.stringify(manifestFile)).to.not.match(/\{\{|\}\}/);
    });

    it('is a conversational bot for personal and team scope with its commands from the locales', function () {
      const bot = (manifestFile.bots as Array<Json>)[0]!;
      expect(bot.scopes).to.have.members(['personal', 'team']);
      expect(bot.supportsFiles).to.equal(false);
      expect(bot.isNotificationOnly).to.equal(false);
      const lists = bot.commandLists as Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
      const personal = lists.find((l) => l.scopes.includes('personal'));
      const keys = ['commandHelp', 'commandChecklist', 'commandInterpreter', 'commandMyInterpreters', 'commandEscalate', 'commandMyEscalations', 'commandInbox', 'commandContacts', 'commandResponsible', 'commandCancel'] as const;
      expect(personal?.commands.map((c) => c.title)).to.deep.equal(keys.map((k) => de[k]));
      expect(personal?.commands.map((c) => c.description)).to.deep.equal(keys.map((k) => de[`${k}Description`]));
      const team = lists.find((l) => l.scopes.includes('team'));
      expect(team?.commands.map((c) => c.title)).to.deep.equal([de.commandHelp, de.commandRegisterInbox, de.commandCancel]);
      for (const l of lists) for (const s of l.scopes) expect(bot.scopes).to.include(s);
    });

    it('takes its German strings from locales/de.json and declares English as additional language', function () {
      expect(manifestFile.name).to.deep.equal({ short: de.shortName, full: de.fullName });
      expect(manifestFile.description).to.deep.equal({ short: de.shortDescription, full: de.fullDescription });
      expect((manifestFile.developer as Json).name).to.equal(de.developerName);
      expect(manifestFile.localizationInfo).to.deep.equal({
        defaultLanguageTag: 'de',
        additionalLanguages: [{ languageTag: 'en', file: 'en.json' }],
      });
    });

    it('uses the brand colour of the icon as accentColor', function () {
      expect(manifestFile.accentColor).to.equal(BRAND_COLOR);
      const icon = parsePng(readFileSync(path.join(ROOT, 'appPackage/color.png')));
      const o = (96 * 192 + 12) * 4; // left edge of the background, vertically centred
      const hex = `#${[...icon.pixels.subarray(o, o + 3)].map((v) => v.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
      expect(hex).to.equal(BRAND_COLOR.toUpperCase());
    });
  });

  describe('en.json (localization)', function () {
    it('is valid against the official MicrosoftTeams.Localization.schema.json', function () {
      const validate = ajvFor(path.join(SCHEMA_ROOT, `v${newestBundledVersion()}`, 'MicrosoftTeams.Localization.schema.json'));
      const ok = validate(localizationFile);
      expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).to.deep.equal([]);
      expect(ok).to.equal(true);
    });

    it('localizes names, descriptions and every bot command title/description', function () {
      const keys = Object.keys(localizationFile).filter((k) => k !== '$schema');
      expect(keys).to.include.members(['name.short', 'name.full', 'description.short', 'description.full']);
      const lists = (manifestFile.bots as Array<{ commandLists: Array<{ commands: unknown[] }> }>)[0]!.commandLists;
      lists.forEach((l, i) =>
        l.commands.forEach((_, j) => {
          expect(keys).to.include(`bots[0].commandLists[${i}].commands[${j}].title`);
          expect(keys).to.include(`bots[0].commandLists[${i}].commands[${j}].description`);
        }),
      );
      expect(localizationFile['name.full']).to.equal(en.fullName);
      expect(localizationFile['description.short']).to.equal(en.shortDescription);
      expect(localizationFile['description.full']).to.equal(en.fullDescription);
      expect(localizationFile['bots[0].commandLists[0].commands[0].title']).to.equal(en.commandHelp);
    });

    it('every key exists in the manifest, is non-empty and differs from German where language-specific', function () {
      const sameInBothLanguages = new Set(['name.short']); // the product name
      for (const [key, value] of Object.entries(localizationFile)) {
        if (key === '$schema') continue;
        const german = at(manifestFile, key);
        expect(german, `${key} exists in manifest.json`).to.be.a('string');
        expect(value, key).to.be.a('string');
        expect((value as string).trim(), key).to.not.equal('');
        if (!sameInBothLanguages.has(key)) expect(value, `${key} is translated`).to.not.equal(german);
      }
    });
  });

  describe('icons', function () {
    it('color.png is a 192×192 RGBA PNG', function () {
      const png = parsePng(readFileSync(path.join(ROOT, 'appPackage/color.png')));
      expect([png.width, png.height]).to.deep.equal([192, 192]);
    });

    it('outline.png is 32×32 with only white or fully transparent pixels', function () {
      const png = parsePng(readFileSync(path.join(ROOT, 'appPackage/outline.png')));
      expect([png.width, png.height]).to.deep.equal([32, 32]);
      let transparent = 0;
      let white = 0;
      for (let i = 0; i < png.pixels.length; i += 4) {
        const [r, g, b, a] = png.pixels.subarray(i, i + 4);
        if (a === 0) transparent++;
        else {
          expect([r, g, b], `pixel ${i / 4}`).to.deep.equal([255, 255, 255]);
          white++;
        }
      }
      expect(transparent, 'transparent background').to.be.greaterThan(256);
      expect(white, 'visible shape').to.be.greaterThan(100);
      for (const corner of [0, 31, 32 * 31, 32 * 32 - 1]) expect(png.pixels[corner * 4 + 3], `corner ${corner}`).to.equal(0);
    });

    it('the committed icons are what scripts/icons.ts draws', function () {
      const same = (file: string, drawn: Uint8Array) => Buffer.from(decodePng(readFileSync(path.join(ROOT, file))).data).equals(Buffer.from(drawn));
      expect(same('appPackage/color.png', drawColorIcon().data), 'color.png is up to date (run node --import tsx scripts/icons.ts)').to.equal(true);
      expect(same('appPackage/outline.png', drawOutlineIcon().data), 'outline.png is up to date (run node --import tsx scripts/icons.ts)').to.equal(true);
    });

    it('writeIcons with onlyIfMissing writes only missing icons', async function () {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'teams-icons-'));
      try {
        const first = await writeIcons(dir, { onlyIfMissing: true });
        expect(first.written.map((f) => path.basename(f)).sort()).to.deep.equal(['color.png', 'outline.png']);
        await rm(first.outline);
        const second = await writeIcons(dir, { onlyIfMissing: true });
        expect(second.written).to.deep.equal([first.outline]);
        expect(readPngSize(await readFile(second.outline))).to.deep.equal([32, 32]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('drawing and encoding are deterministic', function () {
      expect(encodePng(drawOutlineIcon()).equals(encodePng(drawOutlineIcon()))).to.equal(true);
    });
  });

  describe('PNG encoder', function () {
    it('computes the standard CRC-32', function () {
      expect(crc32(new TextEncoder().encode('123456789'))).to.equal(0xcbf43926);
      expect(crc32(new Uint8Array(0))).to.equal(0);
    });

    it('round-trips pixels through an independent decoder', function () {
      const width = 7;
      const height = 5;
      const data = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 37 + 11) & 0xff);
      const png = parsePng(encodePng({ width, height, data }));
      expect([png.width, png.height]).to.deep.equal([width, height]);
      expect(Buffer.from(png.pixels).equals(Buffer.from(data))).to.equal(true);
    });
  });

  describe('zip', function () {
    it('contains exactly manifest.json, en.json, color.png and outline.png at the root', async function () {
      expect(path.dirname(result.zipPath)).to.equal(outDir);
      const files = unzipSync(new Uint8Array(await readFile(result.zipPath)));
      expect(Object.keys(files).sort()).to.deep.equal(['color.png', 'en.json', 'manifest.json', 'outline.png']);
      expect(JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8'))).to.deep.equal(manifestFile);
      expect(JSON.parse(Buffer.from(files['en.json']!).toString('utf8'))).to.deep.equal(localizationFile);
      expect(Buffer.from(files['color.png']!).equals(readFileSync(path.join(ROOT, 'appPackage/color.png')))).to.equal(true);
      expect(Buffer.from(files['outline.png']!).equals(readFileSync(path.join(ROOT, 'appPackage/outline.png')))).to.equal(true);
    });
  });

  describe('bot id', function () {
    it('falls back to the placeholder GUID with a warning when MicrosoftAppId is not set', async function () {
      const saved = process.env.MicrosoftAppId;
      delete process.env.MicrosoftAppId;
      const dir = await mkdtemp(path.join(os.tmpdir(), 'teams-package-'));
      try {
        const warnings: string[] = [];
        const r = await buildPackage({ outDir: dir, warn: (m) => warnings.push(m) });
        expect((r.manifest.bots as Array<Json>)[0]!.botId).to.equal(PLACEHOLDER_BOT_ID);
        expect(warnings.join('\n')).to.contain('MicrosoftAppId');
      } finally {
        if (saved !== undefined) process.env.MicrosoftAppId = saved;
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('rejects a bot id that is not a GUID', async function () {
      let error: unknown;
      try {
        await buildPackage({ botId: 'not-a-guid', outDir, warn: () => {} });
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.contain('GUID');
    });
  });

  describe('validation can fail', function () {
    const version = () => newestBundledVersion();

    it('rejects a short name over 30 characters, naming $.name.short', function () {
      const m = renderManifest({ botId: BOT_ID }) as { name: { short: string } };
      m.name.short = 'Integrationslotse für alle NRW-Behörden'; // 39 characters
      const issues = teamsValidator(version(), 'manifest')(m);
      expect(issues.join('\n')).to.match(/\$\.name\.short: must NOT have more than 30 characters/);
      const validate = ajvFor(path.join(SCHEMA_ROOT, `v${version()}`, 'MicrosoftTeams.schema.json'));
      expect(validate(m)).to.equal(false);
      expect(validate.errors?.map((e) => e.instancePath)).to.include('/name/short');
    });

    it('rejects a missing required field, naming its path', function () {
      const m = renderManifest({ botId: BOT_ID }) as { developer: Record<string, unknown> };
      delete m.developer.privacyUrl;
      expect(teamsValidator(version(), 'manifest')(m)).to.deep.equal(['$.developer.privacyUrl: is required but missing']);
    });

    it('rejects a localization file with an empty or unknown key', function () {
      const issues = teamsValidator(version(), 'localization')({
        'name.short': ' ',
        'description.short': 'x',
        'description.full': 'y',
        'bots[0].commandList[0].commands[0].title': 'typo',
      });
      expect(issues.some((i) => i.startsWith('$["name.short"]'))).to.equal(true);
      expect(issues).to.include('$["bots[0].commandList[0].commands[0].title"]: is not an allowed property here');
    });
  });
});
