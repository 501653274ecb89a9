// Builds the Teams app package (npm run package):
//   appPackage/build/manifest.json          manifest.template.json filled from locales/de.json `manifest.*`
//   appPackage/build/en.json                English localization (locales/en.json `manifest.*`)
//   appPackage/build/integrationslotse.zip  manifest.json, en.json, color.png, outline.png at the root
// Both JSON files are validated against the official schemas bundled in @microsoft/app-manifest
// (the version the template declares), and the icons are checked against the Teams rules.
// The bot id comes from MicrosoftAppId; without it a placeholder GUID is used and a warning printed.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { zipSync } from 'fflate';
import {
  ADDITIONAL_LANGUAGE,
  APP_PACKAGE_DIR,
  LOCALIZATION_FILE,
  PLACEHOLDER_BOT_ID,
  PackageValidationError,
  TEAMS_APP_ID,
  assertValid,
  buildLocalization,
  checkIcons,
  isGuid,
  readTemplate,
  renderManifest,
  PLACEHOLDER_TAB_HOST,
  tabHostFrom,
  teamsValidator,
  templateSchemaVersion,
  type JsonObject,
} from './lib/manifest.js';
import { writeIcons } from './icons.js';
import { isMain } from './lib/isMain.js';

export const ZIP_NAME = 'integrationslotse.zip';
export const DEFAULT_OUT_DIR = path.join(APP_PACKAGE_DIR, 'build');
/** Fixed timestamp for zip entries so the same inputs give the same archive. */
const ZIP_MTIME = new Date(2026, 0, 1, 0, 0, 0);

export interface BuildOptions {
  /** Azure Bot app id; default: env MicrosoftAppId, else PLACEHOLDER_BOT_ID with a warning. */
  botId?: string;
  /** Output directory; default appPackage/build. */
  outDir?: string;
  /** Teams app id (manifest `id`); default TEAMS_APP_ID. */
  appId?: string;
  /** Where warnings go; default console.warn. */
  warn?: (message: string) => void;
}

export interface BuildResult {
  manifest: JsonObject;
  localization: JsonObject;
  zipPath: string;
  /** Manifest schema version used (e.g. "1.30"). */
  schemaVersion: string;
  warnings: string[];
}

export async function buildPackage(opts: BuildOptions = {}): Promise<BuildResult> {
  const warnings: string[] = [];
  const warn = (msg: string) => {
    warnings.push(msg);
    (opts.warn ?? console.warn)(msg);
  };

  let botId = (opts.botId ?? process.env.MicrosoftAppId ?? '').trim();
  if (botId === '') {
    botId = PLACEHOLDER_BOT_ID;
    warn(
      `WARNING: MicrosoftAppId is not set; the manifest uses the placeholder bot id ${PLACEHOLDER_BOT_ID}. ` +
        'This package can be validated but not used in Teams: set MicrosoftAppId to the Azure Bot app id and run npm run package again.',
    );
  } else if (!isGuid(botId)) {
    throw new Error(`MicrosoftAppId / botId must be the Azure Bot app id (a GUID), got ${JSON.stringify(botId)}`);
  }
  const appId = opts.appId ?? TEAMS_APP_ID;
  if (!isGuid(appId)) throw new Error(`appId must be a GUID, got ${JSON.stringify(appId)}`);

  const template = readTemplate();
  const schemaVersion = templateSchemaVersion(template);
  const tabHost = tabHostFrom(process.env.TAB_APP_ID_URI);
  if (!tabHost) warn(`TAB_APP_ID_URI is not set: the figures tab points to ${PLACEHOLDER_TAB_HOST}; set it to api://<your host>/<app id> for a real package.`);
  const manifest = renderManifest({ template, botId, appId, tabHost });
  const english = renderManifest({ template, botId, appId, tabHost, language: ADDITIONAL_LANGUAGE });
  const localization = buildLocalization(english, schemaVersion);

  assertValid('manifest.json', manifest, teamsValidator(schemaVersion, 'manifest'));
  assertValid(LOCALIZATION_FILE, localization, teamsValidator(schemaVersion, 'localization'));
  const declared = (manifest.localizationInfo as { additionalLanguages?: Array<{ file?: string }> } | undefined)?.additionalLanguages ?? [];
  if (!declared.some((l) => l.file === LOCALIZATION_FILE)) {
    throw new PackageValidationError('manifest.json', [`$.localizationInfo.additionalLanguages: must list ${LOCALIZATION_FILE}`]);
  }

  const icons = await writeIcons(APP_PACKAGE_DIR, { onlyIfMissing: true });
  for (const f of icons.written) warn(`icon ${path.relative(process.cwd(), f)} was missing and has been generated`);
  const [color, outline] = await Promise.all([readFile(icons.color), readFile(icons.outline)]);
  const iconIssues = checkIcons(color, outline);
  if (iconIssues.length > 0) throw new PackageValidationError('icons', iconIssues);

  const outDir = path.resolve(opts.outDir ?? DEFAULT_OUT_DIR);
  await mkdir(outDir, { recursive: true });
  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  const localizationJson = `${JSON.stringify(localization, null, 2)}\n`;
  await writeFile(path.join(outDir, 'manifest.json'), manifestJson, 'utf8');
  await writeFile(path.join(outDir, LOCALIZATION_FILE), localizationJson, 'utf8');

  const enc = new TextEncoder();
  const zip = zipSync(
    {
      'manifest.json': enc.encode(manifestJson),
      [LOCALIZATION_FILE]: enc.encode(localizationJson),
      'color.png': new Uint8Array(color),
      'outline.png': new Uint8Array(outline),
    },
    { level: 9, mtime: ZIP_MTIME },
  );
  const zipPath = path.join(outDir, ZIP_NAME);
  await writeFile(zipPath, zip);
  return { manifest, localization, zipPath, schemaVersion, warnings };
}

if (isMain(import.meta.url)) {
  buildPackage().then(
    (r) => {
      const rel = (p: string) => path.relative(process.cwd(), p);
      const dir = path.dirname(r.zipPath);
      console.log(`Teams manifest v${r.schemaVersion}: ${rel(path.join(dir, 'manifest.json'))}, ${rel(path.join(dir, LOCALIZATION_FILE))} valid`);
      console.log(`package: ${rel(r.zipPath)}`);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
