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
