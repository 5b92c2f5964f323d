/**
 * The Microsoft clouds the bot can run in: each pairs a Graph endpoint with the login host
 * that issues its tokens. A Graph endpoint of one cloud with the login host of another can
 * never work, so the pair is checked at start.
 */

export interface GraphCloud {
  name: string;
  /** Base URL of Microsoft Graph, without a trailing slash. */
  graphEndpoint: string;
  /** Microsoft Entra login host, without a trailing slash. */
  authorityHost: string;
}

export const NATIONAL_CLOUDS: readonly GraphCloud[] = [
  {
    name: 'global',
    graphEndpoint: 'https://graph.microsoft.com',
    authorityHost: 'https://login.microsoftonline.com',
  },
  {
    name: 'US Government L4 (GCC High)',
    graphEndpoint: 'https://graph.microsoft.us',
    authorityHost: 'https://login.microsoftonline.us',
  },
  {
    name: 'US Government L5 (DoD)',
    graphEndpoint: 'https://dod-graph.microsoft.us',
    authorityHost: 'https://login.microsoftonline.us',
  },
  {
    name: 'China (21Vianet)',
    graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
  },
];

export const GLOBAL_CLOUD: GraphCloud = NATIONAL_CLOUDS[0]!;

const withoutTrailingSlash = (url: string) => url.trim().replace(/\/+$/, '').toLowerCase();

export const GRAPH_ENDPOINTS = [...new Set(NATIONAL_CLOUDS.map((c) => c.graphEndpoint))];
export const AUTHORITY_HOSTS = [...new Set(NATIONAL_CLOUDS.map((c) => c.authorityHost))];

export function isGraphEndpoint(url: string): boolean {
  return GRAPH_ENDPOINTS.includes(withoutTrailingSlash(url));
}

export function isAuthorityHost(url: string): boolean {
  return AUTHORITY_HOSTS.includes(withoutTrailingSlash(url));
}

/**
 * The cloud of a Graph endpoint and a login host, or undefined when they belong to different
 * clouds. A missing value takes the other one's cloud (global when both are missing).
 */
export function cloudOf(graphEndpoint?: string, authorityHost?: string): GraphCloud | undefined {
  const graph = graphEndpoint === undefined ? undefined : withoutTrailingSlash(graphEndpoint);
  const login = authorityHost === undefined ? undefined : withoutTrailingSlash(authorityHost);
  if (graph === undefined && login === undefined) return GLOBAL_CLOUD;
  return NATIONAL_CLOUDS.find(
    (c) =>
      (graph === undefined || c.graphEndpoint === graph) &&
      (login === undefined || c.authorityHost === login),
  );
}
