import { FakeConnector } from './test/harness/fakeConnector.js';
import { createAdapter } from './src/bot/adapter.js';
import { loadConfig } from './src/config/env.js';
import { BotDeliveryPort } from './src/bot/proactive.js';
const fc = await new FakeConnector().start();
const adapter = createAdapter(loadConfig({}, '/tmp'));
const port = new BotDeliveryPort(adapter, { keepConnectorRetries: true });
const addr = { channelId: 'msteams', serviceUrl: fc.url, conversationId: 'a:conv1', botId: '28:bot', updatedAt: '' };
fc.respondWith(...Array(4).fill({ status: 429, headers: { 'Retry-After': '1' } }));
let t = Date.now();
try { await port.send(addr, { text: 'x' }); } catch (e: any) { console.log('429x4', e.status, Date.now() - t, 'requests', fc.received.length); }
fc.clear(); fc.respondWith({ status: 429 }); t = Date.now();
try { await port.send(addr, { text: 'x' }); } catch (e: any) { console.log('429 no RA', e.status, Date.now() - t, 'requests', fc.received.length); }
fc.clear(); fc.respondWith(...Array(4).fill({ status: 502 })); t = Date.now();
try { await port.send(addr, { text: 'x' }); } catch (e: any) { console.log('502x4', e.status, Date.now() - t, 'requests', fc.received.length); }
await fc.stop();
