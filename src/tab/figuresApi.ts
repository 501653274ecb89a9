// GET /api/figures and GET /api/figures/export (contract): `Authorization: Bearer <token>` (Teams
// SSO or the development sign-in), `from`, `to` (YYYY-MM-DD), `scope` (state | unit:<id> |
// institution:<id>), `lang` (de|en); export also `format` (csv|json|xlsx). 401 without a valid
// token, 403 for staff or a scope outside the caller's, 400 for a bad period or scope, 503 when busy.
import type { Request, Response } from 'restify';
import type { AuditTrail } from '../audit/auditTrail.js';
import { resolveLocale } from '../i18n/i18n.js';
import { type Locale } from '../text/locale.js';
import type { Logger } from '../log/logger.js';
import type { RoleService } from '../roles/roleService.js';
import type { Identity } from '../roles/types.js';
import type { FiguresService, FiguresProblem } from '../figures/service.js';
import { scopeText } from '../figures/scope.js';
import { EXPORT_FORMATS, exportFigures, type ExportFormat } from '../figures/exportFormats.js';
import type { FiguresReport } from '../figures/types.js';
import type { FigureLabels } from './labels.js';
import { Limiter } from './limiter.js';
import { TokenVerifier } from './tokens.js';

export interface FiguresApiDeps {
  figures: FiguresService;
  roles: RoleService;
  verifier: TokenVerifier;
  audit: AuditTrail;
  log: Logger;
  labels(locale: Locale): FigureLabels;
}

/** Concurrent figure requests being worked on, and how many more may wait. */
export const ACTIVE_REQUESTS = 16;
export const WAITING_REQUESTS = 512;

type Authenticated = { ok: true; who: Identity } | { ok: false; status: 401 | 403 | 503; error: string };

export function figuresApi(deps: FiguresApiDeps) {
  const limiter = new Limiter(ACTIVE_REQUESTS, WAITING_REQUESTS);

  async function authenticate(req: Request): Promise<Authenticated> {
    const result = await deps.verifier.verify(TokenVerifier.bearer(req.headers.authorization));
    if (!result.ok && result.reason === 'unavailable') {
      deps.log.warn('figures.keysUnavailable', {});
      return { ok: false, status: 503, error: 'token keys unavailable, try again' };
    }
    if (!result.ok) {
      await deps.audit.record({ actor: 'tab', action: 'figures.signin', record: result.reason, outcome: 'denied' });
      return { ok: false, status: 401, error: result.reason === 'notConfigured' ? 'tab sign-in is not configured (TAB_APP_ID_URI)' : `token ${result.reason}` };
    }
    const who = deps.roles.identify(result.userKey);
    if (who.role === 'staff') {
      await deps.audit.record({ actor: who.userKey, action: 'figures.read', role: who.role, outcome: 'denied' });
      return { ok: false, status: 403, error: 'forbidden' };
    }
    return { ok: true, who };
  }

  /** Authentication, the limit, then the handler; every failure is a JSON error body. */
  function guarded(handle: (req: Request, res: Response, who: Identity, query: URLSearchParams) => Promise<void>) {
    return async (req: Request, res: Response) => {
      res.setHeader('Cache-Control', 'no-store');
      const done = await limiter.run(async () => {
        const auth = await authenticate(req);
        if (!auth.ok) {
          if (auth.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
          res.send(auth.status, { error: auth.error });
          return;
        }
        await handle(req, res, auth.who, new URL(req.url ?? '/', 'http://tab').searchParams);
      }).catch((err: unknown) => {
        deps.log.error('figures.apiFailed', { error: (err as Error).name });
        if (!res.headersSent) res.send(500, { error: 'internal error' });
        return { value: undefined };
      });
      if (!done) {
        res.setHeader('Retry-After', '2');
        res.send(503, { error: 'busy' });
      }
    };
  }

  const read = guarded(async (_req, res, who, q) => {
    const locale = resolveLocale(q.get('lang'));
    const result = await deps.figures.figures(who, queryOf(q));
    if (!result.ok) return refuse(res, result.problem);
    res.send(200, { report: result.report, labels: labelsFor(result.report, deps.labels(locale)), choices: choicesFor(deps, who, locale), role: who.role });
  });

  const download = guarded(async (_req, res, who, q) => {
    const format = q.get('format') ?? 'csv';
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) return void res.send(400, { error: 'format must be csv, json or xlsx', problem: 'badFormat' });
    const result = await deps.figures.figures(who, queryOf(q), 'figures.export');
    if (!result.ok) return refuse(res, result.problem);
    const file = await exportFigures(result.report, format as ExportFormat, deps.labels(resolveLocale(q.get('lang'))));
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.fileName}"`, 'Content-Length': file.body.length, 'Cache-Control': 'no-store' });
    res.end(file.body);
  });

  return { read, download };
}

function queryOf(q: URLSearchParams) {
  return { from: q.get('from') ?? undefined, to: q.get('to') ?? undefined, scope: q.get('scope') ?? undefined };
}

function refuse(res: Response, problem: FiguresProblem): void {
  if (problem === 'forbidden') res.send(403, { error: 'forbidden', problem });
  else res.send(400, { error: `bad request: ${problem}`, problem });
}

/** Names for every id the report shows, so the page needs no catalogue of its own. */
function labelsFor(report: FiguresReport, l: FigureLabels) {
  const values: Record<string, Record<string, string>> = {};
  const add = (dim: Parameters<FigureLabels['value']>[0], id: string) => ((values[dim] ??= {})[id] = l.value(dim, id));
  for (const t of report.tables) {
    t.rows.forEach((r) => add(t.rowDim, r));
    t.cols.forEach((c) => add(t.colDim, c));
  }
  report.durations.forEach((d) => add('category', d.category));
  return {
    scope: l.scope(report.scope),
    period: `${l.day(report.period.from)} – ${l.day(report.period.to)}`,
    tables: Object.fromEntries(report.tables.map((t) => [t.id, l.table(t.id)])),
    dims: Object.fromEntries(report.tables.flatMap((t) => [[t.rowDim, l.dim(t.rowDim)], [t.colDim, l.dim(t.colDim)]])),
    values,
  };
}

function choicesFor(deps: FiguresApiDeps, who: Identity, locale: Locale) {
  const l = deps.labels(locale);
  return deps.figures.policy.choices(who).map((scope) => ({ value: scopeText(scope), label: l.scope(scope) }));
}
