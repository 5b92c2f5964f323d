/**
 * A tenant of `size` people behind nock: Microsoft Graph (token, a group's members paged 999 at
 * a time, `$batch`ed app installations) and the Bot Connector (opening 1:1 chats, messages).
 * Graph answers each installation the way Graph does for that kind of person, and remembers
 * what is installed: a second installation is a 409, as in Graph.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import type { ManualClock } from '../../src/clock.js';

export const LOGIN = 'https://login.microsoftonline.com';
export const GRAPH = 'https://graph.microsoft.com';
export const CONNECTOR = 'https://smba.trafficmanager.net';
export const SERVICE_URL = `${CONNECTOR}/emea/`;
/** The campaigns' tenant (seed.ts): Graph serves only its own tenant's campaigns. */
export const GRAPH_TENANT = 'tenant-1';
export const GROUP_ID = 'group-everyone-sales';
export const CATALOG_APP_ID = 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9';
export const BOT_ID = '28:reach-app';

export const aadOf = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
export const nOfAad = (aad: string) => Number(aad.slice(-12));
export const mailOf = (n: number) => `user${n}@example.com`;

/** What Graph does when asked to install the app for person `n`. */
export type Kind =
  | 'talked-to-bot'
  | 'installs'
  | 'throttled-once'
  | 'already-installed'
  | 'blocked-by-policy'
  | 'no-teams-licence'
  | 'user-not-found';

/** The first 100 talked to the bot; the others by their number's last two digits. */
export function kindOf(n: number): Kind {
  if (n < 100) return 'talked-to-bot';
  const k = n % 100;
  if (k >= 1 && k <= 10) return 'blocked-by-policy';
  if (k >= 11 && k <= 15) return 'no-teams-licence';
  if (k >= 16 && k <= 20) return 'user-not-found';
  if (k >= 21 && k <= 30) return 'already-installed';
  if (k >= 31 && k <= 40) return 'throttled-once';
  return 'installs';
}

export const RETRY_AFTER_SECONDS = 7;

export interface TenantRecord {
  memberPages: number;
  /** Sizes of the `$batch`es Graph received. */
  batchSizes: number[];
  /** Per person: what Graph answered to installing the app, and when, in order. */
  installAnswers: Map<number, Array<{ status: number; at: number }>>;
  /** Per person: when the Bot Connector opened a chat with them (ManualClock ms). */
  chatsOpened: Map<number, number[]>;
  /** Per conversation id: messages received, with when. */
  messages: Map<string, Array<{ at: number; text: string }>>;
}

interface BatchItem {
  id: string;
  method: string;
  url: string;
  body?: { 'teamsApp@odata.bind'?: string };
}

export function fakeTenant(size: number, clock: ManualClock): TenantRecord {
  const record: TenantRecord = {
    memberPages: 0,
    batchSizes: [],
    installAnswers: new Map(),
    chatsOpened: new Map(),
    messages: new Map(),
  };
  const installed = new Set<number>();
  for (let n = 0; n < size; n++) if (kindOf(n) === 'already-installed') installed.add(n);

  nock(LOGIN)
    .post(`/${GRAPH_TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' })
    .persist();
  nock(LOGIN)
    .post('/botframework.com/oauth2/v2.0/token')
    .query(true)
    .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'bot-token' })
    .persist();

  nock(GRAPH)
    .get((path) =>
      path.startsWith(`/v1.0/groups/${GROUP_ID}/transitiveMembers/microsoft.graph.user`),
    )
    .query(true)
    .reply(function (uri) {
      assert.equal(this.req.headers.authorization, 'Bearer graph-token');
      const url = new URL(uri, GRAPH);
      assert.equal(url.searchParams.get('$top'), '999');
      const page = Number(url.searchParams.get('$skiptoken') ?? '0');
      record.memberPages++;
      const first = page * 999;
      const last = Math.min(size, first + 999);
      const value = [];
      for (let n = first; n < last; n++) {
        value.push({
          id: aadOf(n),
          mail: mailOf(n),
          userPrincipalName: `u${n}@contoso.onmicrosoft.com`,
          givenName: `First${n}`,
          surname: `Last${n}`,
          displayName: `First${n} Last${n}`,
        });
      }
      const next = new URL(url);
      next.searchParams.set('$skiptoken', String(page + 1));
      return [200, { value, ...(last < size ? { '@odata.nextLink': next.toString() } : {}) }];
    })
    .persist();

  nock(GRAPH)
    .post('/v1.0/$batch')
    .reply(function (_uri, body) {
      assert.equal(this.req.headers.authorization, 'Bearer graph-token');
      const requests = (body as { requests: BatchItem[] }).requests;
      record.batchSizes.push(requests.length);
      return [200, { responses: requests.map((r) => install(r)) }];
    })
    .persist();

  // A lone request (a retry of one, a batch of one) goes to Graph as itself, not in a $batch.
  nock(GRAPH)
    .post(/^\/v1\.0\/users\/[^/]+\/teamwork\/installedApps$/)
    .reply(function (uri, body) {
      assert.equal(this.req.headers.authorization, 'Bearer graph-token');
      const url = uri.slice('/v1.0'.length);
      const answer = install({
        id: 'single',
        method: 'POST',
        url,
        body: body as BatchItem['body'],
      });
      return [answer.status, answer.body, answer.headers];
    })
    .persist();

  function install(request: BatchItem) {
    const match = /^\/users\/([^/]+)\/teamwork\/installedApps$/.exec(request.url);
    assert.ok(match && request.method === 'POST', `unexpected Graph request ${request.url}`);
    assert.equal(
      request.body?.['teamsApp@odata.bind'],
      `${GRAPH}/v1.0/appCatalogs/teamsApps/${CATALOG_APP_ID}`,
    );
    const n = nOfAad(decodeURIComponent(match[1]!));
    const answers = record.installAnswers.get(n) ?? [];
    record.installAnswers.set(n, answers);
    const answer = (status: number, extra: object = {}) => {
      answers.push({ status, at: clock.now().toMillis() });
      return { id: request.id, status, headers: {}, body: {}, ...extra };
    };
    const error = (status: number, code: string, message: string) =>
      answer(status, { body: { error: { code, message } } });
    switch (kindOf(n)) {
      case 'blocked-by-policy':
        return error(403, 'Forbidden', 'App is blocked by app permission policy.');
      case 'no-teams-licence':
        return error(403, 'Forbidden', 'The user does not have a valid Teams license.');
      case 'user-not-found':
        return error(404, 'NotFound', 'User not found');
      case 'throttled-once':
        if (answers.length === 0) {
          return answer(429, {
            headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
            body: { error: { code: 'TooManyRequests', message: 'Throttled' } },
          });
        }
        break;
      default:
        break;
    }
    if (installed.has(n)) return error(409, 'Conflict', 'App is already installed.');
    installed.add(n);
    return answer(201, { body: { id: `installation-${n}` } });
  }

  nock(CONNECTOR)
    .post('/emea/v3/conversations')
    .reply(function (_uri, body) {
      assert.equal(this.req.headers.authorization, 'Bearer bot-token');
      const request = body as {
        bot: { id: string };
        members: Array<{ id: string }>;
        tenantId: string;
        isGroup: boolean;
      };
      assert.equal(request.bot.id, BOT_ID);
      assert.equal(request.isGroup, false);
      assert.equal(request.members.length, 1);
      const n = nOfAad(request.members[0]!.id);
      assert.ok(installed.has(n), `chat opened before the app was installed for ${n}`);
      record.chatsOpened.set(n, [...(record.chatsOpened.get(n) ?? []), clock.now().toMillis()]);
      return [201, { id: `a:chat-${n}` }];
    })
    .persist();

  nock(CONNECTOR)
    .post(/^\/emea\/v3\/conversations\/[^/]+\/activities$/)
    .reply(function (uri, body) {
      const conversation = decodeURIComponent(uri.split('/')[4]!);
      const texts = record.messages.get(conversation) ?? [];
      texts.push({ at: clock.now().toMillis(), text: (body as { text?: string }).text ?? '' });
      record.messages.set(conversation, texts);
      return [201, { id: `activity-${conversation}-${texts.length}` }];
    })
    .persist();

  return record;
}
