/** A nock fake of the Bot Connector at SERVICE_URL: the Teams roster and the reply endpoint. */
import nock from 'nock';
import { CONNECTOR, connectorPath } from './botServerHarness.js';

export interface Member {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
}

export interface SentReply {
  conversationId: string;
  text?: string;
  authorization?: string;
}

export interface FakeConnector {
  replies: SentReply[];
  /** User ids whose roster entry the bot asked for, in order. */
  rosterLookups: string[];
}

/**
 * `members` are the roster; a user missing from it gets the connector's 404. `rosterStatus`
 * forces every roster call to fail with that status (e.g. 500).
 */
export function fakeConnector(
  members: Member[],
  options: { rosterStatus?: number } = {},
): FakeConnector {
  const fake: FakeConnector = { replies: [], rosterLookups: [] };
  nock(CONNECTOR)
    .persist()
    .get((uri) => /\/v3\/conversations\/[^/]+\/members\/[^/]+$/.test(connectorPath(uri)))
    .reply((uri) => {
      const userId = connectorPath(uri).split('/members/')[1]!;
      fake.rosterLookups.push(userId);
      if (options.rosterStatus) return [options.rosterStatus, { error: { code: 'ServiceError' } }];
      const member = members.find((m) => m.id === userId);
      return member
        ? [200, member]
        : [404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } }];
    })
    .post((uri) => /\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(connectorPath(uri)))
    .reply(function (uri, body) {
      const conversationId = connectorPath(uri).split('/v3/conversations/')[1]!.split('/')[0]!;
      fake.replies.push({
        conversationId,
        text: (body as { text?: string }).text,
        authorization: this.req.headers.authorization as string | undefined,
      });
      return [200, { id: `reply-${fake.replies.length}` }];
    });
  return fake;
}
