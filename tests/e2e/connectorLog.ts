/**
 * The Bot Connector at SERVICE_URL, faked with nock: the only faked thing of the end-to-end
 * tests. It answers the Teams roster (`GET …/members/{id}`) from `members`, opens 1:1 chats
 * (`POST …/v3/conversations`, as for a user the app was installed for: `a:chat-<member id>`),
 * and records every activity the bot posts — replies within a turn and proactive messages
 * alike — with its whole body, so tests read cards as the channel would receive them.
 */
import type { Activity } from 'botbuilder';
import nock from 'nock';
import { CONNECTOR, connectorPath } from '../bot/botServerHarness.js';
import type { Member } from '../bot/fakeConnector.js';

export interface PostedActivity {
  conversationId: string;
  /** Set when the post answers an incoming activity (`…/activities/{replyToId}`). */
  replyToId: string | undefined;
  activity: Partial<Activity>;
}

export interface ConnectorLog {
  /** Everyone the roster knows; tests add members as users appear. */
  members: Member[];
  posted: PostedActivity[];
  rosterLookups: string[];
  /** 1:1 chats the bot opened: with whom, in which tenant, and the conversation id given. */
  opened: Array<{ memberId: string; tenantId: string; conversationId: string }>;
}

const ACTIVITIES = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;
const MEMBER = /\/v3\/conversations\/[^/]+\/members\/([^/]+)$/;
const CONVERSATIONS = /\/v3\/conversations$/;

export function fakeBotConnector(members: Member[]): ConnectorLog {
  const log: ConnectorLog = { members: [...members], posted: [], rosterLookups: [], opened: [] };
  nock(CONNECTOR)
    .persist()
    .get((uri) => MEMBER.test(connectorPath(uri)))
    .reply((uri) => {
      const userId = MEMBER.exec(connectorPath(uri))![1]!;
      log.rosterLookups.push(userId);
      const member = log.members.find((m) => m.id === userId);
      return member
        ? [200, member]
        : [404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } }];
    })
    .post((uri) => CONVERSATIONS.test(connectorPath(uri)))
    .reply((_uri, body) => {
      const request = body as { members: Array<{ id: string }>; tenantId: string };
      const conversationId = `a:chat-${request.members[0]!.id}`;
      log.opened.push({
        memberId: request.members[0]!.id,
        tenantId: request.tenantId,
        conversationId,
      });
      return [201, { id: conversationId }];
    })
    .post((uri) => ACTIVITIES.test(connectorPath(uri)))
    .reply((uri, body) => {
      const [, conversationId, replyToId] = ACTIVITIES.exec(connectorPath(uri))!;
      log.posted.push({
        conversationId: conversationId!,
        replyToId,
        activity: body as Partial<Activity>,
      });
      return [200, { id: `posted-${log.posted.length}` }];
    });
  return log;
}
