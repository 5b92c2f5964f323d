/**
 * The Bot Connector at SERVICE_URL, faked with nock: the only faked thing of the end-to-end
 * tests. It answers the Teams roster (`GET …/members/{id}`) from `members`, and records every
 * activity the bot posts — replies within a turn and proactive messages alike — with its
 * whole body, so tests read cards as the channel would receive them.
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
}

const ACTIVITIES = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;
const MEMBER = /\/v3\/conversations\/[^/]+\/members\/([^/]+)$/;

export function fakeBotConnector(members: Member[]): ConnectorLog {
  const log: ConnectorLog = { members: [...members], posted: [], rosterLookups: [] };
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
