/**
 * A campaign author who talks to the bot on a connector faked by nock: what the bot posts to
 * them (the final report) is recorded, as the author would see it arrive.
 */
import nock from 'nock';
import type { Store } from '../../../src/store/Store.js';
import { reachableUser } from './seed.js';

const CONNECTOR = 'https://smba.author.example';
const AUTHOR_N = 900;

/** The author of `campaignFixture()` campaigns, reachable; returns the texts posted to them. */
export async function authorInbox(store: Store, authorUserId = 'msteams:author') {
  await store.users.upsert(
    reachableUser(AUTHOR_N, `${CONNECTOR}/`, { id: authorUserId, email: 'author@example.com' }),
  );
  const posts: string[] = [];
  nock(CONNECTOR)
    .post(`/v3/conversations/conv-${AUTHOR_N}/activities`)
    .reply((_uri, body) => {
      posts.push((body as { text?: string }).text ?? '');
      return [201, { id: `report-${posts.length}` }];
    })
    .persist();
  return posts;
}

/** What the author reads when `name` finished. */
export const finishedText = (name: string) =>
  `Your campaign **${name}** has finished. Here is its final report.`;
