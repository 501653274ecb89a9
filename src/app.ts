// Wiring shared by the HTTP server (src/index.ts) and the console chat (scripts/chat.ts):
// config → lock → store → services → capabilities → bot. The adapter is the caller's choice.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConversationState, MemoryStorage, type Storage } from 'botbuilder';
import type { Config } from './config/env.js';
import type { Logger } from './log/logger.js';
import { acquireLock } from './store/lock.js';
import { openMainStore } from './store/mainStore.js';
import { AuditLog } from './audit/auditLog.js';
import { JsonStateStorage } from './bot/stateStorage.js';
import { loadInstitutions } from './institutions/institutions.js';
import { loadRoster } from './roles/roster.js';
import { RoleService } from './roles/roleService.js';
import { ConversationDirectory } from './conversations/conversationDirectory.js';
import { LotseBot } from './bot/lotseBot.js';
import { CAPABILITY_MODULES } from './capabilities.js';
import type { CapabilityContext, CapabilityModule } from './bot/capability.js';
import { systemClock, type Clock, type Notifier, type Scheduler } from './outbox/types.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_ROSTER = path.join(PROJECT_ROOT, 'data', 'roster.demo.json');

export interface AppCore {
  bot: LotseBot;
  conversationState: ConversationState;
  roles: RoleService;
  conversations: ConversationDirectory;
  audit: AuditLog;
  /** Flush every file and release the DATA_DIR lock. */
  close(): Promise<void>;
}

export interface CoreOptions {
  /** Benchmarks compare against in-memory dialog state; the bot always uses the durable file. */
  stateStorage?: 'file' | 'memory';
  clock?: Clock;
}

// Replaced by the persisted outbox (src/outbox) as soon as it lands; until then proactive sends are refused loudly.
const notWired = (): never => {
  throw new Error('proactive delivery is not wired yet');
};
const pendingNotifier: Notifier = { enqueue: async () => notWired(), deliveredActivityId: () => undefined };
const pendingScheduler: Scheduler = { schedule: async () => notWired(), cancel: async () => notWired(), handle: () => {} };

export async function openCore(config: Config, log: Logger, options: CoreOptions = {}): Promise<AppCore> {
  const institutions = loadInstitutions();
  // Without ROSTER_FILE, development runs use the demo roster so `npm run chat -- --as demo-admin` works at once.
  const rosterFile = config.rosterFile ?? (config.env === 'production' ? undefined : DEMO_ROSTER);
  const roster = rosterFile ? loadRoster(rosterFile, institutions) : [];
  if (rosterFile === DEMO_ROSTER) log.info('roster.demo', { entries: roster.length });

  const lock = await acquireLock(config.dataDir);
  const opened: { close(): Promise<void> }[] = [];
  try {
    const audit = await AuditLog.open(path.join(config.dataDir, 'audit.jsonl'), log);
    opened.push(audit);
    const store = await openMainStore(path.join(config.dataDir, 'store.json'), log);
    opened.push(store);
    let storage: Storage;
    if (options.stateStorage === 'memory') storage = new MemoryStorage();
    else {
      const fileStorage = await JsonStateStorage.open(path.join(config.dataDir, 'state.json'), log);
      opened.push(fileStorage);
      storage = fileStorage;
    }
    const conversationState = new ConversationState(storage);
    const roles = new RoleService(store, roster, institutions, audit);
    const conversations = new ConversationDirectory(store);
    const ctx: CapabilityContext = {
      config, log, dataDir: config.dataDir, audit, institutions, roles, conversations,
      notifier: pendingNotifier, scheduler: pendingScheduler, clock: options.clock ?? systemClock,
    };
    const modules: CapabilityModule[] = [];
    for (const open of CAPABILITY_MODULES) {
      const module = await open(ctx);
      modules.push(module);
      opened.push(module);
    }
    const capabilities = modules.flatMap((m) => m.capabilities);
    const bot = new LotseBot({ conversationState, roles, conversations, audit, log, capabilities, allowedTenants: config.allowedTenants, timeZone: config.timeZone });
    const close = async () => {
      // Dialog state and records first, the audit trail last, then the lock.
      for (const part of opened.reverse()) await part.close();
      await lock.release();
    };
    return { bot, conversationState, roles, conversations, audit, close };
  } catch (err) {
    for (const part of opened.reverse()) await part.close().catch(() => {});
    await lock.release();
    throw err;
  }
}
