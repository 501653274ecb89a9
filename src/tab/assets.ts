// The tab's static files, read once at start-up and served from memory: the page, its script and
// style, and the chart library and Teams SDK from node_modules (no CDN: the tab must work in a
// locked-down tenant). Only these names are served, so no path from a request reaches the disk.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: Buffer;
  type: string;
}

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const require = createRequire(import.meta.url);

/** A file of an installed package, found from its entry point (some packages do not export package.json). */
function packageFile(pkg: string, file: string): string {
  let dir = path.dirname(require.resolve(pkg));
  while (!existsSync(path.join(dir, 'package.json')) || !dir.endsWith(pkg.split('/').pop()!)) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package folder of ${pkg}`);
    dir = parent;
  }
  return path.join(dir, file);
}

const FILES: Record<string, [string, string]> = {
  'index.html': [path.join(PUBLIC_DIR, 'index.html'), 'text/html; charset=utf-8'],
  'dashboard.js': [path.join(PUBLIC_DIR, 'dashboard.js'), 'text/javascript; charset=utf-8'],
  'dashboard.css': [path.join(PUBLIC_DIR, 'dashboard.css'), 'text/css; charset=utf-8'],
  'vendor/chart.umd.min.js': [packageFile('chart.js', 'dist/chart.umd.min.js'), 'text/javascript; charset=utf-8'],
  'vendor/teams-js.min.js': [packageFile('@microsoft/teams-js', 'dist/umd/MicrosoftTeams.min.js'), 'text/javascript; charset=utf-8'],
};

export function loadAssets(): Map<string, Asset> {
  return new Map(Object.entries(FILES).map(([name, [file, type]]) => [name, { body: stripSourceMap(readFileSync(file)), type }]));
}

/** Source-map comments would make a browser's developer tools ask for files we do not serve. */
function stripSourceMap(body: Buffer): Buffer {
  const text = body.toString('utf8');
  const cleaned = text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  return cleaned === text ? body : Buffer.from(cleaned, 'utf8');
}
