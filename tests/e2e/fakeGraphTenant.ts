/**
 * Microsoft Graph of the end-to-end tests, faked with nock: the token endpoint, the group
 * search and size the campaign form asks for, the group's members read at campaign start
 * (answered by a function, so a test can refuse or fail them), presence (everyone Available)
 * and app installations for a user (201, then 409 as Graph answers a second one).
 */
import nock from 'nock';
import type { ManualClock } from '../../src/clock.js';
import type { RecipientProfile } from '../../src/domain/recipientProfile.js';
import { TENANT_ID } from '../bot/botServerHarness.js';
import type { Member } from '../support/standInConnector.js';

/** The admins' tenant: Graph serves only the tenant its credentials belong to. */
export const GRAPH_TENANT = TENANT_ID;
export const CATALOG_APP_ID = 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9';
export const GROUP = { id: 'g-sales', displayName: 'Sales' };
/** Where Graph says the second page of the group's members is. */
export const SECOND_MEMBER_PAGE = `https://graph.microsoft.com/v1.0/groups/${GROUP.id}/transitiveMembers/microsoft.graph.user?$skiptoken=page-2`;

const LOGIN = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com';

/** The configuration that turns Graph on (and, with `install`, installing the app). */
export function graphEnv(install = false): Record<string, string> {
  return {
    GRAPH_TENANT_ID: GRAPH_TENANT,
    GRAPH_CLIENT_ID: 'graph-client',
    GRAPH_CLIENT_SECRET: 'graph-secret',
    ...(install ? { TEAMS_APP_CATALOG_ID: CATALOG_APP_ID } : {}),
  };
}

export type GraphReply = [number, unknown];

/** Answers of the fake that a test may change; by default a token and the group's size. */
export interface GraphTenantAnswers {
  /** The token endpoint's answer, asked at each token request. */
  token?: () => GraphReply;
  /** The answer to counting the group's members (`$count`). */
  count?: () => GraphReply;
}

export const GOOD_TOKEN: GraphReply = [
  200,
  { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' },
];

/** What the login host answers an expired client secret. */
export const EXPIRED_SECRET: GraphReply = [
  401,
  {
    error: 'invalid_client',
    error_description:
      "AADSTS7000222: The provided client secret keys for app 'graph-client' are expired.",
    error_codes: [7000222],
  },
];

export interface GraphTenantLog {
  /** How many tokens were asked for. */
  tokenRequests: number;
  /** When each read of the group's members was answered, and with which status. */
  memberReads: Array<{ at: number; status: number }>;
  /** AAD object ids the app was installed for, in order (a 409 included). */
  installs: Array<{ aadObjectId: string; status: number; at: number }>;
}

export const graphError = (status: number, code: string, message: string): GraphReply => [
  status,
  { error: { code, message } },
];

/** A member as the directory knows them, with their department, country and office if any. */
export type DirectoryMember = Member & RecipientProfile;

/** Members as Graph lists them; `nextLink`: more pages follow, the next one there. */
export function memberPage(members: DirectoryMember[], nextLink?: string): GraphReply {
  return [
    200,
    {
      ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
      value: members.map((m) => ({
        id: m.aadObjectId,
        mail: m.email,
        userPrincipalName: m.email,
        givenName: m.givenName,
        surname: m.surname,
        displayName: m.name,
        department: m.department ?? null,
        country: m.country ?? null,
        officeLocation: m.officeLocation ?? null,
      })),
    },
  ];
}

export function fakeGraphTenant(
  clock: ManualClock,
  size: number,
  members: (uri: string) => GraphReply,
  answers: GraphTenantAnswers = {},
): GraphTenantLog {
  const log: GraphTenantLog = { tokenRequests: 0, memberReads: [], installs: [] };
  nock(LOGIN)
    .post(`/${GRAPH_TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(() => {
      log.tokenRequests++;
      return answers.token?.() ?? GOOD_TOKEN;
    })
    .persist();
  const graph = nock(GRAPH).persist();
  graph
    .get('/v1.0/groups')
    .query(true)
    .reply(200, {
      value: [{ ...GROUP, groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false }],
    });
  graph
    .get(`/v1.0/groups/${GROUP.id}/transitiveMembers/microsoft.graph.user/$count`)
    .reply(() => answers.count?.() ?? [200, String(size), { 'content-type': 'text/plain' }]);
  graph
    .get(`/v1.0/groups/${GROUP.id}/transitiveMembers/microsoft.graph.user`)
    .query(true)
    .reply((uri) => {
      const reply = members(uri);
      log.memberReads.push({ at: clock.now().toMillis(), status: reply[0] });
      return reply;
    });
  graph.post('/v1.0/communications/getPresencesByUserId').reply(200, (_uri, body) => ({
    value: (body as { ids: string[] }).ids.map((id) => ({ id, availability: 'Available' })),
  }));
  const installed = new Set<string>();
  graph.post(/^\/v1\.0\/users\/[^/]+\/teamwork\/installedApps$/).reply((uri) => {
    const aadObjectId = decodeURIComponent(uri.split('/')[3]!);
    const status = installed.has(aadObjectId) ? 409 : 201;
    installed.add(aadObjectId);
    log.installs.push({ aadObjectId, status, at: clock.now().toMillis() });
    return status === 201 ? [201, { id: `installation-${aadObjectId}` }] : [409, {}];
  });
  return log;
}
