/** The Bot Framework credentials object both the inbound adapter and the sender are built from. */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { AppConfig } from '../config.js';

/**
 * Without an app id (local mode) authentication is disabled: outbound requests carry no
 * bearer token, which is what the Agents Playground and the Bot Framework Emulator expect.
 */
export function createBotAuthentication(
  bot: AppConfig['bot'],
): ConfigurationBotFrameworkAuthentication {
  if (bot.appId === undefined) {
    return new ConfigurationBotFrameworkAuthentication({});
  }
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId,
  });
}
