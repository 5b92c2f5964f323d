/**
 * Everything that talks to Microsoft Graph, built once per process around one token source
 * and one pair of limiters (directory, Teams), so presence, directory reads and app
 * installations share Graph's per-app budgets.
 */
import type { AppConfig, GraphCredentials } from '../config.js';
import type { Logger } from '../logger.js';
import {
  createGraphLimiters,
  createGraphPresenceLimiter,
  type Limiter,
} from '../ratelimit/channelLimits.js';
import type { RetryOptions } from '../ratelimit/RetryOptions.js';
import { GraphDirectory } from '../directory/GraphDirectory.js';
import { GraphAppInstaller } from '../installation/GraphAppInstaller.js';
import { GraphPresenceProvider } from '../presence/GraphPresenceProvider.js';
import { GraphClient } from './GraphClient.js';
import { GraphTokenSource } from './GraphTokenSource.js';
import type { GraphCloud } from './nationalClouds.js';

export interface GraphServices {
  client: GraphClient;
  presence: GraphPresenceProvider;
  directory: GraphDirectory;
  /** Present when the Teams app catalog id is configured. */
  installer?: GraphAppInstaller;
}

export function createGraphServices(
  config: Pick<AppConfig, 'graphCloud' | 'teamsAppCatalogId'> & { graph: GraphCredentials },
  logger: Logger,
  retry: RetryOptions = {},
  /** Production shares presence requests cluster-wide (clusterGraphPresenceLimiter). */
  presenceLimiter: Limiter = createGraphPresenceLimiter(retry),
): GraphServices {
  const cloud: GraphCloud = config.graphCloud;
  const tokens = new GraphTokenSource(config.graph, cloud);
  const client = new GraphClient({
    cloud,
    tokens,
    limiters: createGraphLimiters(retry),
    logger,
    ...retry,
  });
  return {
    client,
    presence: new GraphPresenceProvider({
      credentials: config.graph,
      cloud,
      tokens,
      limiter: presenceLimiter,
      logger,
      ...retry,
    }),
    directory: new GraphDirectory(client),
    installer:
      config.teamsAppCatalogId === undefined
        ? undefined
        : new GraphAppInstaller(client, cloud, config.teamsAppCatalogId),
  };
}
