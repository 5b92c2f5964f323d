/**
 * Everything that talks to one tenant's Microsoft Graph, built around one token source for that
 * tenant and one set of limiters (presence, directory, Teams), so presence, directory reads and
 * app installations share Graph's per-app-per-tenant budgets. src/graph/GraphTenants.ts builds
 * one per tenant served.
 */
import type { AppConfig, GraphCredentials } from '../config.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../application/ports/Clock.js';
import {
  clusterGraphLimiters,
  createGraphLimiters,
  type GraphLimiters,
} from '../ratelimit/channelLimits.js';
import type { SendRateStore } from '../application/ports/repositories.js';
import type { RetryOptions } from '../ratelimit/RetryOptions.js';
import { GraphDirectory } from '../directory/GraphDirectory.js';
import { GraphMailboxSettings } from '../directory/GraphMailboxSettings.js';
import { GraphAppInstaller } from '../installation/GraphAppInstaller.js';
import { GraphPresenceProvider } from '../presence/GraphPresenceProvider.js';
import { GraphClient } from './GraphClient.js';
import { GraphTokenSource } from './GraphTokenSource.js';
import type { GraphCloud } from './nationalClouds.js';

export interface GraphServices {
  /** The tenant whose directory these services read, with tokens for that tenant. */
  tenantId: string;
  tokens: GraphTokenSource;
  client: GraphClient;
  presence: GraphPresenceProvider;
  directory: GraphDirectory;
  /** Recipients' own working hours (MailboxSettings.Read), through the directory's client. */
  mailboxSettings: GraphMailboxSettings;
  /** Present when the Teams app catalog id is configured. */
  installer?: GraphAppInstaller;
}

export type GraphConfig = Pick<AppConfig, 'graphCloud' | 'teamsAppCatalogId'> & {
  graph: GraphCredentials;
};

/**
 * Graph for a process of a cluster: every request waits on `clock` and is paced through the
 * store's rate slots, per app per tenant, so the processes together keep Graph's limits.
 */
export function createClusterGraphServices(
  config: GraphConfig,
  logger: Logger,
  pacing: { clock: Clock; slots: SendRateStore },
): GraphServices {
  const { clock, slots } = pacing;
  return createGraphServices(
    config,
    logger,
    { clock, sleep: (ms) => clock.sleep(ms) },
    clusterGraphLimiters({
      slots,
      clock,
      appId: config.graph.clientId,
      tenantId: config.graph.tenantId,
    }),
  );
}

export function createGraphServices(
  config: GraphConfig,
  logger: Logger,
  retry: RetryOptions = {},
  /** Production paces Graph cluster-wide (clusterGraphLimiters); by default per process. */
  limiters: GraphLimiters = createGraphLimiters(retry),
): GraphServices {
  const cloud: GraphCloud = config.graphCloud;
  const tokens = new GraphTokenSource(config.graph, cloud);
  const client = new GraphClient({
    cloud,
    tokens,
    limiters,
    logger,
    ...retry,
  });
  return {
    tenantId: config.graph.tenantId,
    tokens,
    client,
    presence: new GraphPresenceProvider({
      credentials: config.graph,
      cloud,
      tokens,
      limiter: limiters.presence,
      logger,
      ...retry,
    }),
    directory: new GraphDirectory(client),
    mailboxSettings: new GraphMailboxSettings(client),
    installer:
      config.teamsAppCatalogId === undefined
        ? undefined
        : new GraphAppInstaller(client, cloud, config.teamsAppCatalogId),
  };
}
