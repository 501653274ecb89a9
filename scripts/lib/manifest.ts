// Shared code for the Teams app package: where the official schemas are, how a manifest is rendered
// from appPackage/manifest.template.json + locales/<lang>.json `manifest.*`, how the English
// localization file is derived, and how both are validated (Ajv, draft-04 like the bundled schemas).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import { decodePng, readPngHeader } from './png.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const APP_PACKAGE_DIR = path.join(PROJECT_ROOT, 'appPackage');
export const TEMPLATE_PATH = path.join(APP_PACKAGE_DIR, 'manifest.template.json');
export const LOCALES_DIR = path.join(PROJECT_ROOT, 'locales');

/** The Teams app id (manifest `id`); one constant shared with the bot's deep links. */
export { TEAMS_APP_ID } from '../../src/tab/teamsApp.js';
import { TEAMS_APP_ID } from '../../src/tab/teamsApp.js';
/** Stand-in for the Azure Bot app id when `MicrosoftAppId` is not set (local builds only). */
export const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';

export const DEFAULT_LANGUAGE = 'de';
export const ADDITIONAL_LANGUAGE = 'en';
export const LOCALIZATION_FILE = 'en.json';

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
export const isGuid = (s: string): boolean => GUID.test(s);

// ---- bundled official schemas (@microsoft/app-manifest) ----

export const MANIFEST_SCHEMA_FILE = 'MicrosoftTeams.schema.json';
export const LOCALIZATION_SCHEMA_FILE = 'MicrosoftTeams.Localization.schema.json';

/** build/json-schemas/teams inside the installed @microsoft/app-manifest. */
export function teamsSchemaRoot(): string {
  const pkg = createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json');
  return path.join(path.dirname(pkg), 'build', 'json-schemas', 'teams');
}

const compareVersions = (a: string, b: string): number => {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
};

/** Numeric schema versions ("1.30") that ship both the manifest and the localization schema, ascending. */
export function bundledSchemaVersions(root: string = teamsSchemaRoot()): string[] {
  return readdirSync(root)
    .map((dir) => /^v(1\.\d+)$/.exec(dir)?.[1])
    .filter((v): v is string => v !== undefined)
    .filter((v) => existsSync(path.join(root, `v${v}`, MANIFEST_SCHEMA_FILE)) && existsSync(path.join(root, `v${v}`, LOCALIZATION_SCHEMA_FILE)))
    .sort(compareVersions);
}

export function newestBundledSchemaVersion(): string {
  const versions = bundledSchemaVersions();
  const newest = versions[versions.length - 1];
  if (!newest) throw new Error(`no Teams manifest schemas found under ${teamsSchemaRoot()}`);
  return newest;
}

export type JsonObject = { [key: string]: unknown };

export function loadTeamsSchema(version: string, kind: 'manifest' | 'localization'): JsonObject {
  const file = path.join(teamsSchemaRoot(), `v${version}`, kind === 'manifest' ? MANIFEST_SCHEMA_FILE : LOCALIZATION_SCHEMA_FILE);
  if (!existsSync(file)) {
    throw new Error(`the installed @microsoft/app-manifest has no ${kind} schema for manifest version ${version} (${file})`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
}

/** Public URL of a schema, as used in `$schema`. */
export const schemaUrl = (version: string, kind: 'manifest' | 'localization'): string =>
  `https://developer.microsoft.com/json-schemas/teams/v${version}/${kind === 'manifest' ? MANIFEST_SCHEMA_FILE : LOCALIZATION_SCHEMA_FILE}`;

// ---- validation ----

// ajv-draft-04 and ajv-formats are CommonJS (`module.exports = fn; exports.default = fn`).
const Ajv04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

/** `/bots/0/commandLists/1/commands/0/title` → `$.bots[0].commandLists[1].commands[0].title`. */
export function toJsonPath(pointer: string, extra?: string): string {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) segments.push(extra);
  let out = '$';
  for (const seg of segments) {
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function describe(err: ErrorObject): string {
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'required':
      return `${toJsonPath(err.instancePath, String(p.missingProperty))}: is required but missing`;
    case 'additionalProperties':
      return `${toJsonPath(err.instancePath, String(p.additionalProperty))}: is not an allowed property here`;
    case 'enum':
      return `${toJsonPath(err.instancePath)}: must be one of ${JSON.stringify(p.allowedValues)}`;
    case 'const':
      return `${toJsonPath(err.instancePath)}: must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return `${toJsonPath(err.instancePath)}: ${err.message ?? err.keyword}`;
  }
}

/** Validates data against a schema; returns readable messages, each naming the JSON path (empty = valid). */
export type Validator = (data: unknown) => string[];

const validatorCache = new Map<string, Validator>();

export function createValidator(schema: JsonObject): Validator {
  // unicodeRegExp: false — the official schemas contain patterns that are invalid with the `u` flag
  // (e.g. an unescaped `]` in the localization schema's activities.activityTypes keys).
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate: ValidateFunction = ajv.compile(schema);
  return (data) => {
    if (validate(data)) return [];
    return [...new Set((validate.errors ?? []).map(describe))];
  };
}

/** Cached validator for a bundled schema version. */
export function teamsValidator(version: string, kind: 'manifest' | 'localization'): Validator {
  const key = `${version}:${kind}`;
  let v = validatorCache.get(key);
  if (!v) {
    v = createValidator(loadTeamsSchema(version, kind));
    validatorCache.set(key, v);
  }
  return v;
}

export class PackageValidationError extends Error {
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    super(`${file} is not valid:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'PackageValidationError';
  }
}

/** Throws a PackageValidationError listing every problem. */
export function assertValid(file: string, data: unknown, validator: Validator): void {
  const issues = validator(data);
  if (issues.length > 0) throw new PackageValidationError(file, issues);
}

// ---- rendering ----

export type Language = typeof DEFAULT_LANGUAGE | typeof ADDITIONAL_LANGUAGE;

/** `manifest.*` strings of one locale file, keyed `manifest.<key>`. */
export function manifestStrings(language: Language): Record<string, string> {
  const file = path.join(LOCALES_DIR, `${language}.json`);
  const catalog = JSON.parse(readFileSync(file, 'utf8')) as { manifest?: Record<string, unknown> };
  const section = catalog.manifest;
  if (!section || typeof section !== 'object') throw new Error(`${file} has no "manifest" section`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(section)) {
    if (typeof value !== 'string') throw new Error(`${file}: manifest.${key} must be a string`);
    out[`manifest.${key}`] = value;
  }
  return out;
}

export function readTemplate(file: string = TEMPLATE_PATH): JsonObject {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error('package.json has no version');
  return pkg.version;
}

/**
 * Replaces every `{{name}}` inside string values (keys are left alone). Unknown placeholders are an
 * error, so a typo in the template or a missing locale key cannot ship as literal braces.
 */
export function fillTemplate<T>(template: T, values: Readonly<Record<string, string>>): T {
  const missing = new Set<string>();
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) => {
        const v = values[name];
        if (v === undefined) {
          missing.add(name);
          return whole;
        }
        return v;
      });
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  const out = walk(template) as T;
  if (missing.size > 0) throw new Error(`manifest template uses unknown placeholder(s): ${[...missing].map((m) => `{{${m}}}`).join(', ')}`);
  return out;
}

/** Stand-in host of the tab when TAB_APP_ID_URI is not set (local builds only). */
export const PLACEHOLDER_TAB_HOST = 'integrationslotse.example.org';

/** The bot's public host, from the tab's Application ID URI (api://<host>/<app id>). */
export function tabHostFrom(appIdUri: string | undefined): string | undefined {
  return appIdUri ? /^api:\/\/([^/\s]+)\//.exec(appIdUri)?.[1] : undefined;
}

export interface RenderOptions {
  botId: string;
  /** Public host serving /tab/ (the figures tab); default PLACEHOLDER_TAB_HOST. */
  tabHost?: string;
  appId?: string;
  version?: string;
  language?: Language;
  template?: JsonObject;
}

/** The manifest with every placeholder filled; `language` picks the locale for the strings (default de). */
export function renderManifest(opts: RenderOptions): JsonObject {
  return fillTemplate(opts.template ?? readTemplate(), {
    BOT_ID: opts.botId,
    TAB_HOST: opts.tabHost ?? PLACEHOLDER_TAB_HOST,
    APP_ID: opts.appId ?? TEAMS_APP_ID,
    VERSION: opts.version ?? packageVersion(),
    ...manifestStrings(opts.language ?? DEFAULT_LANGUAGE),
  });
}

/** Every string leaf of a JSON value with its JSONPath-style key (`bots[0].commandLists[0].commands[1].title`). */
function stringLeaves(node: unknown, prefix = '', out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof node === 'string') out.push([prefix, node]);
  else if (Array.isArray(node)) node.forEach((v, i) => stringLeaves(v, `${prefix}[${i}]`, out));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) stringLeaves(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/**
 * The keys a localization file may carry, as the localization schema defines them: its named
 * properties (`name.short`, …) and its patternProperties (`bots[0].commandLists[i].commands[j].title`, …).
 */
export function localizableKeyMatcher(localizationSchema: JsonObject): (key: string) => boolean {
  const named = new Set(Object.keys((localizationSchema.properties as JsonObject | undefined) ?? {}));
  named.delete('$schema');
  named.delete('localizationKeys');
  const patterns = Object.keys((localizationSchema.patternProperties as JsonObject | undefined) ?? {}).map((p) => new RegExp(p));
  return (key) => named.has(key) || patterns.some((re) => re.test(key));
}

/**
 * The localization file for a manifest rendered in another language: every string of that manifest
 * whose key the localization schema allows (names, descriptions, bot command titles/descriptions).
 */
export function buildLocalization(localizedManifest: JsonObject, schemaVersion: string): Record<string, string> {
  const allowed = localizableKeyMatcher(loadTeamsSchema(schemaVersion, 'localization'));
  const out: Record<string, string> = { $schema: schemaUrl(schemaVersion, 'localization') };
  for (const [key, value] of stringLeaves(localizedManifest)) {
    if (allowed(key)) out[key] = value;
  }
  return out;
}

/** The manifest version the template declares (`manifestVersion`). */
export function templateSchemaVersion(manifest: JsonObject): string {
  const v = manifest.manifestVersion;
  if (typeof v !== 'string' || !/^1\.\d+$/.test(v)) throw new Error(`manifest.template.json: $.manifestVersion must be "1.x", got ${JSON.stringify(v)}`);
  return v;
}

// ---- icons ----

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/** Teams icon rules: color.png 192×192; outline.png 32×32, only white or fully transparent pixels. */
export function checkIcons(color: Uint8Array, outline: Uint8Array): string[] {
  const issues: string[] = [];
  const size = (name: string, png: Uint8Array, want: number): boolean => {
    try {
      const h = readPngHeader(png);
      if (h.width !== want || h.height !== want) {
        issues.push(`${name}: must be ${want}×${want} pixels, is ${h.width}×${h.height}`);
        return false;
      }
      return true;
    } catch (err) {
      issues.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  };
  size('color.png', color, COLOR_ICON_SIZE);
  if (size('outline.png', outline, OUTLINE_ICON_SIZE)) {
    try {
      const { data } = decodePng(outline);
      let transparent = 0;
      let white = 0;
      let bad = 0;
      let firstBad = -1;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 0) transparent++;
        else if (data[i] === 255 && data[i + 1] === 255 && data[i + 2] === 255) white++;
        else {
          bad++;
          if (firstBad < 0) firstBad = i / 4;
        }
      }
      if (bad > 0) {
        issues.push(`outline.png: ${bad} pixel(s) are neither white nor fully transparent (first at x=${firstBad % OUTLINE_ICON_SIZE}, y=${Math.floor(firstBad / OUTLINE_ICON_SIZE)})`);
      }
      if (transparent === 0) issues.push('outline.png: has no transparent background');
      if (white === 0) issues.push('outline.png: has no white pixels');
    } catch (err) {
      issues.push(`outline.png: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return issues;
}
