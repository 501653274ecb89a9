// Runs before `npm start` / `npm test`: installs dependencies on a fresh clone so that the
// README's two commands are the whole set-up. Uses only Node built-ins (nothing is installed yet).
import { existsSync, readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';

const lock = 'package-lock.json';
const marker = 'node_modules/.package-lock.json';

function installedMatchesLock() {
  if (!existsSync(marker)) return false;
  const want = JSON.parse(readFileSync(lock, 'utf8')).packages ?? {};
  const have = JSON.parse(readFileSync(marker, 'utf8')).packages ?? {};
  return Object.entries(want).every(([path, meta]) => path === '' || meta.optional || have[path]?.version === meta.version);
}

if (!installedMatchesLock()) {
  console.error('[setup] installing dependencies (npm ci) …');
  execSync('npm ci --no-fund --no-audit', { stdio: 'inherit', env: { ...process.env, npm_config_yes: 'true' } });
}

// The dashboard tests drive a real headless Chromium (Debian's package; no browser download). Before
// `npm test` only, and only where it is missing: install it when we may (root with apt-get), else say how.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (process.env.npm_lifecycle_event === 'pretest' && !existsSync(CHROMIUM)) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canInstall) {
    console.error('[setup] installing Chromium for the dashboard tests (apt-get install chromium) …');
    try {
      execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null', { stdio: 'inherit', shell: '/bin/bash' });
    } catch {
      console.error('[setup] could not install Chromium; the browser tests will fail and say why.');
    }
  } else {
    console.error(`[setup] ${CHROMIUM} is missing: install Debian's chromium package (sudo apt-get install chromium) for the browser tests.`);
  }
}
