/**
 * Bot Connector clients for proactive sends, one per serviceUrl, built once and reused.
 *
 * A client holds the bot's credentials (which cache the access token and fetch a new one when
 * it expires) and an HTTP pipeline with keep-alive connections; building one per message would
 * cost more CPU than the request itself.
 */
import {
  AuthenticationConstants,
  ClaimsIdentity,
  type BotFrameworkAuthentication,
  type ConnectorClient,
  type ConnectorFactory,
} from 'botframework-connector';
import { ConnectorAgents, type RequestPolicy } from './connectorAgents.js';

/** The part of @azure/core-rest-pipeline's Pipeline we adjust on a connector client. */
interface HttpPipeline {
  removePolicy(options: { phase: 'Retry' }): unknown;
  addPolicy(policy: RequestPolicy): void;
}

/** Teams uses a handful of regional serviceUrls; the bound only guards against unusual data. */
const DEFAULT_MAX_CLIENTS = 32;

export class SingleShotConnectors {
  private readonly factory: ConnectorFactory;
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly agents = new ConnectorAgents();

  /** `botAppId` is '' in local mode: requests then carry no token. */
  constructor(
    auth: BotFrameworkAuthentication,
    botAppId: string,
    private readonly maxClients = DEFAULT_MAX_CLIENTS,
  ) {
    // The same identity CloudAdapter gives a proactive turn of this bot.
    const identity = new ClaimsIdentity([
      { type: AuthenticationConstants.AudienceClaim, value: botAppId },
      { type: AuthenticationConstants.AppIdClaim, value: botAppId },
    ]);
    this.factory = auth.createConnectorFactory(identity);
  }

  /** The client for `serviceUrl`; the least recently used one is dropped when there are too many. */
  clientFor(serviceUrl: string): Promise<ConnectorClient> {
    const cached = this.clients.get(serviceUrl);
    if (cached !== undefined) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
      this.clients.delete(serviceUrl);
      this.clients.set(serviceUrl, cached);
      return cached;
    }
    if (this.clients.size >= this.maxClients) {
      const leastRecent = this.clients.keys().next().value;
      if (leastRecent !== undefined) this.clients.delete(leastRecent);
    }
    const client = this.factory
      .create(serviceUrl)
      .then((created) => withoutRetries(created, this.agents));
    this.clients.set(serviceUrl, client);
    // A failed build is not kept: the next send builds again.
    client.catch(() => {
      if (this.clients.get(serviceUrl) === client) this.clients.delete(serviceUrl);
    });
    return client;
  }
}

/**
 * The client's pipeline would retry by itself — with real timers, outside our limiters, and on
 * connection resets, which could deliver a message twice. BotConnectorSender retries instead.
 * The pipeline is not public API, so a client whose shape changed is refused, never used.
 * Its connections are ConnectorAgents', which tell a reset on a reused idle connection apart.
 */
function withoutRetries(client: ConnectorClient, agents: ConnectorAgents): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: HttpPipeline } }).client?.pipeline;
  if (pipeline === undefined) {
    throw new Error('connector client pipeline not found; refusing to send with built-in retries');
  }
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.addPolicy(agents.policy());
  return client;
}
