/**
 * Who may talk to `POST /api/messages`.
 *
 * With a bot app id, botbuilder's CloudAdapter checks the Bot Framework JWT of every request
 * (issuer, signature against the published keys, channel endorsement, audience = our app id,
 * serviceUrl claim = the activity's serviceUrl) before any bot code runs. Without an app id
 * (local mode) authentication is off, so the HTTP edge serves loopback callers only
 * (see `createServer`).
 */
import {
  CloudAdapter,
  StatusCodes,
  type Activity,
  type ConversationState,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
  type BotFrameworkClient,
} from 'botframework-connector';
import type { Logger } from '../logger.js';

/** The only reply a user sees when their turn crashed; the cause stays in the server log. */
export const TURN_FAILED_REPLY = 'Sorry, something went wrong on my side. Please try again.';

/**
 * botbuilder reports a token whose signature does not verify (jsonwebtoken's errors) as a
 * 500; every failed authentication must be a 401, so this wrapper turns any failure of
 * `authenticateRequest` into an AuthenticationError. Everything else is delegated.
 */
export class StrictBotFrameworkAuthentication extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateRequest(activity, authHeader);
    } catch (error) {
      throw asUnauthorized(error);
    }
  }

  override async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    } catch (error) {
      throw asUnauthorized(error);
    }
  }

  override async authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    try {
      return await this.inner.authenticateChannelRequest(authHeader);
    } catch (error) {
      throw asUnauthorized(error);
    }
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
}

function asUnauthorized(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  return new AuthenticationError(
    'Unauthorized. The token could not be verified.',
    StatusCodes.UNAUTHORIZED,
  );
}

export interface BotAdapterOptions {
  /** Usually `createBotAuthentication(config.bot)` from src/channels/botAuthentication.ts. */
  authentication: BotFrameworkAuthentication;
  logger: Logger;
  /** Cleared when a turn crashes, so a broken dialog cannot trap the user in a loop of errors. */
  conversationState?: ConversationState;
}

/** The CloudAdapter of the inbound endpoint, with strict authentication and a turn-error policy. */
export function createBotAdapter(options: BotAdapterOptions): CloudAdapter {
  const { logger, conversationState } = options;
  const adapter = new CloudAdapter(new StrictBotFrameworkAuthentication(options.authentication));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error(
      { err: error, activityType: context.activity.type, channelId: context.activity.channelId },
      'bot turn failed',
    );
    try {
      await conversationState?.delete(context);
      if (context.activity.type === 'message') await context.sendActivity(TURN_FAILED_REPLY);
    } catch (cleanupError) {
      logger.error({ err: cleanupError }, 'could not recover from the failed turn');
    }
  };
  return adapter;
}
