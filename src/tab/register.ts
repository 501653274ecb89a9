// The one call the server's composition root makes: the figures tab and API on its restify server.
import type { Server } from 'restify';
import type { AuditTrail } from '../audit/auditTrail.js';
import { loadTemplates } from '../checklists/templates.js';
import type { Config } from '../config/env.js';
import type { Locale } from '../text/locale.js';
import { loadInstitutions } from '../institutions/institutions.js';
import type { Logger } from '../log/logger.js';
import { systemClock, type Clock } from '../time/clock.js';
import type { RoleService } from '../roles/roleService.js';
import { openFiguresService } from '../figures/open.js';
import { figureLabels, type FigureLabels } from './labels.js';
import { registerTabRoutes } from './routes.js';
import { TokenVerifier } from './tokens.js';

export function registerFiguresTab(server: Server, core: { config: Config; roles: RoleService; audit: AuditTrail; log: Logger; clock?: Clock }): void {
  const { config, roles, audit, log } = core;
  const clock = core.clock ?? systemClock;
  const institutions = loadInstitutions();
  const templates = loadTemplates();
  const figures = openFiguresService({ dataDir: config.dataDir, institutions, audit, clock, timeZone: config.timeZone, log });
  const verifier = new TokenVerifier({
    tab: config.tab,
    appId: config.auth.appId,
    allowedTenants: config.allowedTenants,
    // The development sign-in lets anyone act as anyone: never in production.
    devSignIn: config.env !== 'production',
    now: () => clock.now(),
  });
  const labels: Record<Locale, FigureLabels> = { de: figureLabels('de', { institutions, templates }), en: figureLabels('en', { institutions, templates }) };
  registerTabRoutes(server, { figures, roles, verifier, audit, log, labels: (locale) => labels[locale] });
}
