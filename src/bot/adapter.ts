// The botbuilder CloudAdapter with our error handling. Authentication follows botbuilder's rules:
// without an app id it is off (development only — config refuses that in production).
import { AuthenticationConfiguration, AuthenticationConstants } from 'botframework-connector';

import {
  BotAdapter,
  CallerIdConstants,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  ShowTypingMiddleware,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config/env.js';
import { translate, resolveLocale } from '../i18n/i18n.js';
import { errorFields, type Logger } from '../log/logger.js';
import { LotseAdapter } from './httpTurn.js';

/** Only Bot Connector tokens (iss api.botframework.com) may reach a production bot; closes the Emulator token path. */
export async function requireConnectorIssuer(claims: { type: string; value: string }[]): Promise<void> {
  const issuer = claims.find((c) => c.type === 'iss')?.value;
  if (issuer !== 'https://api.botframework.com') throw new Error('Unauthorized issuer');
}

export function createAdapter(config: Config): LotseAdapter {
  const { appId, appPassword, appType, tenantId, openIdMetadataUrl } = config.auth;
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      ...(appId ? { MicrosoftAppId: appId } : {}),
      ...(appPassword ? { MicrosoftAppPassword: appPassword } : {}),
      ...(appType ? { MicrosoftAppType: appType } : {}),
      ...(tenantId ? { MicrosoftAppTenantId: tenantId } : {}),
      ...(openIdMetadataUrl ? publicCloudWithKeysFrom(openIdMetadataUrl) : {}),
    },
    undefined,
    config.env === 'production' ? new AuthenticationConfiguration([], requireConnectorIssuer) : undefined,
  );
  return new LotseAdapter(auth);
}

/**
 * Public-cloud settings with the signing keys read from another OpenID metadata document (a test's local
 * one). botbuilder takes every setting from the configuration once any of them is given, so all are named.
 */
function publicCloudWithKeysFrom(metadataUrl: string): Record<string, string> {
  return {
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/** Logs ids only, tells the user in their language, and drops the broken dialog so the next message starts clean. */
export function installErrorHandling(adapter: BotAdapter, conversationState: ConversationState, log: Logger): void {
  adapter.use(new ShowTypingMiddleware(800, 2000));
  adapter.onTurnError = async (ctx: TurnContext, error: Error) => {
    const a = ctx.activity;
    log.error('turn.failed', { activityId: a.id, activityType: a.type, conversationId: a.conversation?.id, ...errorFields(error) });
    try {
      if (a.type === 'message') await ctx.sendActivity(translate(resolveLocale(a.locale), 'errors.turnFailed'));
      await conversationState.delete(ctx);
    } catch (inner) {
      log.error('turn.errorReplyFailed', { activityId: a.id, ...errorFields(inner) });
    }
  };
}
