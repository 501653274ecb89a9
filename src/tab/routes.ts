// The figures tab on the bot's own server: /tab/ (page, script, style, bundled chart library and
// Teams SDK), /tab/strings (the page's words), /tab/config, the development sign-in, and the
// figures API. One call registers everything: registerTabRoutes(server, deps).
import type { Request, Response, Server } from 'restify';
import { flatten, resolveLocale } from '../i18n/i18n.js';
import { userIdSchema } from '../roles/types.js';
import { loadAssets } from './assets.js';
import { figuresApi, type FiguresApiDeps } from './figuresApi.js';

export type TabDeps = FiguresApiDeps;

/** Teams and Outlook frame the tab; nothing else may. */
const FRAME_ANCESTORS = "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.office.com https://*.cloud.microsoft https://*.microsoft365.com";
const PAGE_POLICY = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors ${FRAME_ANCESTORS}`;

export function registerTabRoutes(server: Server, deps: TabDeps): void {
  const assets = loadAssets();
  const api = figuresApi(deps);

  const serveAsset = (name: string, res: Response) => {
    const asset = assets.get(name);
    if (!asset) return void res.send(404, { error: 'not found' });
    res.writeHead(200, {
      'Content-Type': asset.type,
      'Content-Length': asset.body.length,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': PAGE_POLICY,
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': name === 'index.html' ? 'no-cache' : 'public, max-age=3600',
    });
    res.end(asset.body);
  };

  // restify runs handlers without `next` only when they are async functions.
  server.get('/tab', async (_req: Request, res: Response) => {
    res.writeHead(302, { Location: '/tab/' });
    res.end();
  });
  server.get('/tab/', async (_req: Request, res: Response) => serveAsset('index.html', res));
  server.get('/tab/vendor/:file', async (req: Request, res: Response) => serveAsset(`vendor/${String(req.params.file)}`, res));
  server.get('/tab/strings', async (req: Request, res: Response) => {
    const locale = resolveLocale(new URL(req.url ?? '/', 'http://tab').searchParams.get('lang'));
    const strings = Object.fromEntries([...flatten(locale)].filter(([k]) => k.startsWith('figures.')).map(([k, v]) => [k.slice('figures.'.length), v]));
    res.setHeader('Cache-Control', 'no-cache');
    res.send(200, { locale, strings });
  });
  server.get('/tab/config', async (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.send(200, { devSignIn: deps.verifier.devSignInEnabled });
  });
  server.post('/tab/dev-signin', async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!deps.verifier.devSignInEnabled) return void res.send(404, { error: 'not found' });
    const userKey = userIdSchema.safeParse((req.body as { userKey?: unknown } | undefined)?.userKey);
    if (!userKey.success) return void res.send(400, { error: 'userKey must be a user id without spaces' });
    await deps.audit.record({ actor: userKey.data, action: 'figures.devsignin', outcome: 'ok' });
    res.send(200, { token: await deps.verifier.issueDevToken(userKey.data) });
  });
  server.get('/tab/:file', async (req: Request, res: Response) => serveAsset(String(req.params.file), res));
  server.get('/api/figures', api.read);
  server.get('/api/figures/export', api.download);
}
