// Baseline for the HTTP benchmark: the bare botbuilder echo bot on restify (no store, no dialogs).
import restify from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
bot.onMessage(async (ctx, next) => {
  await ctx.sendActivity(`Echo: ${ctx.activity.text}`);
  await next();
});
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (ctx) => bot.run(ctx));
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ event: 'server.listening', port: (server.address() as { port: number }).port }));
});
process.on('SIGTERM', () => process.exit(0));
