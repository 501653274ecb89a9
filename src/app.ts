// Wiring shared by the HTTP server (src/index.ts) and the console chat (scripts/chat.ts):
// config → storage (lock or database) → stores → services → capabilities → bot. The adapter is the caller's choice.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config/env.js';
import type { Logger } from './log/logger.js';
import { openStorage, type Storage } from './store/storage.js';
import { openMainStore } from './store/mainStore.js';
import type { AuditTrail } from './audit/auditTrail.js';
import { openDialogState, type ConversationState } from './bot/dialogState.js';
import { loadInstitutions } from './institutions/institutions.js';
import { loadGrammar } from './institutions/grammar.js';
import { loadRoster } from './roles/roster.js';
import { RoleService } from './roles/roleService.js';
import { ConversationDirectory } from './conversations/conversationDirectory.js';
import { LotseBot } from './bot/lotseBot.js';
import { withSyncedStorage } from './bot/storeGate.js';
import { CAPABILITY_MODULES } from './capabilities.js';
import type { CapabilityContext, CapabilityModule } from './bot/capability.js';
import { systemClock, type Clock } from './time/clock.js';
import type { DeliveryPort } from './outbox/types.js';
import { DELIVERY_FILE, openDelivery, type Delivery } from './outbox/delivery.js';
import { createLanguageService } from './language/index.js';
import { loadRetentionRules } from './privacy/retention/rules.js';
import { startDailyRetention } from './privacy/retention/run.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_ROSTER = path.join(PROJECT_ROOT, 'data', 'roster.demo.json');

export interface AppCore {
  bot: LotseBot;
  conversationState: ConversationState;
  roles: RoleService;
  conversations: ConversationDirectory;
  audit: AuditTrail;
  /** The engine (JSON files or PostgreSQL): catch-up before turns, readiness, the open stores. */
  storage: Storage;
  /** The outbox and scheduler; the caller starts its worker once it serves (close() stops it). */
  delivery: Delivery;
  /** A turn: the stores catch up first (several instances); while the database is gone, a polite refusal. */
  runTurn(ctx: Parameters<LotseBot['run']>[0]): Promise<void>;
  /** Stop the delivery worker, flush every file and release the DATA_DIR lock. */
  close(): Promise<void>;
}

export interface CoreOptions {
  /** Benchmarks compare against in-memory dialog state; the bot always uses the durable file. */
  stateStorage?: 'file' | 'memory';
  clock?: Clock;
  /** How proactive messages leave: BotDeliveryPort (server) or ConsoleDeliveryPort (console chat). */
  deliveryPort: DeliveryPort;
  /** npm run store:init: create missing store files on purpose. */
  storeInit?: boolean;
  /** The daily retention run (default on); operator scripts run retention themselves. */
  dailyRetention?: boolean;
}

/** Requests in flight get this long to finish at shutdown; unfinished ones are resent after the next start. */
const DELIVERY_STOP_GRACE_MS = 2000;

export async function openCore(config: Config, log: Logger, options: CoreOptions): Promise<AppCore> {
  const clock = options.clock ?? systemClock;
  const institutions = loadInstitutions();
  loadGrammar(); // data/grammar.json: refused at start-up, not at the first sentence that needs an article
  // Without ROSTER_FILE, development runs use the demo roster so `npm run chat -- --as demo-admin` works at once.
  const rosterFile = config.rosterFile ?? (config.env === 'production' ? undefined : DEMO_ROSTER);
  const roster = rosterFile ? loadRoster(rosterFile, institutions) : [];
  if (rosterFile === DEMO_ROSTER) log.info('roster.demo', { entries: roster.length });

  const retentionRules = loadRetentionRules(); // a bad file refuses the start, not the first nightly run
  const storage = await openStorage(config, log, { storeInit: options.storeInit });
  const opened: { close(): Promise<void> }[] = [];
  try {
    const audit = await storage.openAudit();
    opened.push(audit);
    const store = await openMainStore(path.join(config.dataDir, 'store.json'), log);
    opened.push(store);
    const dialogState = await openDialogState(config.dataDir, log, options.stateStorage);
    opened.push(dialogState);
    const { conversationState } = dialogState;
    const roles = new RoleService(store, roster, institutions, audit);
    const conversations = new ConversationDirectory(store, () => clock.now());
    const delivery = await openDelivery({
      file: path.join(config.dataDir, DELIVERY_FILE), conversations, port: options.deliveryPort, clock, log, audit,
      allowedServiceHosts: config.serviceUrlHosts,
      sync: () => storage.sync(),
      leaseMs: config.store.engine === 'postgres' ? config.store.outboxLeaseMs : undefined,
    });
    opened.push(delivery);
    const ctx: CapabilityContext = {
      config, log, dataDir: config.dataDir, audit, institutions, roles, conversations,
      notifier: delivery.notifier, scheduler: delivery.scheduler, clock,
      language: createLanguageService(config, log, clock),
      delivery,
      shared: {},
    };
    const modules: CapabilityModule[] = [];
    for (const open of CAPABILITY_MODULES) {
      const module = await open(ctx);
      modules.push(module);
      opened.push(module);
    }
    await storage.opened();
    if (options.dailyRetention !== false) {
      opened.push(startDailyRetention({ context: storage.stores, audit, log, now: () => clock.now(), rules: () => retentionRules }));
    }
    const capabilities = modules.flatMap((m) => m.capabilities);
    const bot = new LotseBot({ conversationState, roles, conversations, audit, log, capabilities, allowedTenants: config.allowedTenants, timeZone: config.timeZone, perUserPerMinute: config.rateLimitPerMinute });
    const close = async () => {
      // No job handler or send may run against a closed store: the worker stops first. Then dialog
      // state and records, the audit trail last, then the lock.
      await delivery.stop(DELIVERY_STOP_GRACE_MS);
      for (const part of opened.reverse()) await part.close();
      await storage.release();
    };
    const runTurn = withSyncedStorage(storage, (ctx) => bot.run(ctx), log);
    return { bot, conversationState, roles, conversations, audit, storage, delivery, runTurn, close };
  } catch (err) {
    for (const part of opened.reverse()) await part.close().catch(() => {});
    await storage.release();
    throw err;
  }
}
