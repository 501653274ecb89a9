// Dialog unit tests with botbuilder-testing: a DialogTestClient whose turns carry our TurnInfo.
import path from 'node:path';
import type { Middleware, TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { setTurnInfo } from '../../src/bot/turn.js';
import type { Identity } from '../../src/roles/types.js';
import { AuditLog } from '../../src/audit/auditLog.js';
import { openMainStore } from '../../src/store/mainStore.js';
import { tempDir } from './botProcess.js';

export function identityMiddleware(identity: () => Identity, timeZone = 'Europe/Berlin'): Middleware {
  return {
    onTurn: async (ctx: TurnContext, next: () => Promise<void>) => {
      setTurnInfo(ctx, identity(), timeZone);
      await next();
    },
  };
}

export function dialogClient(dialog: Dialog, identity: () => Identity, opts: { locale?: string; options?: unknown } = {}): DialogTestClient {
  const client = new DialogTestClient('msteams', dialog, opts.options, [identityMiddleware(identity)]);
  // The client builds its own TestAdapter (passing one in skips wiring the dialog); its template is
  // merged into every incoming activity, so that is where the client's locale goes.
  (client as unknown as { _testAdapter: { template: { locale?: string } } })._testAdapter.template.locale = opts.locale ?? 'de-DE';
  return client;
}

/** A fresh main store and audit log in a temp DATA_DIR (real files). */
export async function coreFiles() {
  const dir = tempDir('lotse-dialog-');
  const store = await openMainStore(path.join(dir, 'store.json'));
  const audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
  return { dir, store, audit, close: async () => (await store.close(), await audit.close()) };
}

/** Visible text of a reply from a DialogTestClient (text plus suggested action titles). */
export function said(reply: { text?: string; suggestedActions?: { actions: { title?: string }[] } } | undefined): string {
  if (!reply) return '';
  return [reply.text ?? '', ...(reply.suggestedActions?.actions ?? []).map((a) => a.title ?? '')].join('\n');
}
