/** What a failed read of a directory audience at campaign start becomes, and what its author reads. */
import assert from 'node:assert/strict';
import { AudienceUnreadable, audienceReadFailure } from '../../src/directory/AudienceUnreadable.js';
import type { DirectoryAudience } from '../../src/domain/directory.js';
import { GraphError } from '../../src/graph/GraphClient.js';

const GROUP: DirectoryAudience = { kind: 'group', groupId: 'g-1' };
const EVERYONE: DirectoryAudience = { kind: 'everyone' };
const SALES_IN_GERMANY: DirectoryAudience = {
  kind: 'attributes',
  rule: [
    { attribute: 'department', values: ['Sales'] },
    { attribute: 'country', values: ['Germany'] },
  ],
};

function failure(status: number, audience = GROUP): AudienceUnreadable {
  const error = audienceReadFailure(new GraphError(status, '/groups/g-1/members'), audience);
  assert.ok(error instanceof AudienceUnreadable);
  return error;
}

describe('a directory audience Graph would not let us read', () => {
  it('is final when Graph refused: a missing permission, a deleted group, bad credentials', () => {
    for (const status of [400, 401, 403, 404]) assert.equal(failure(status).permanent, true);
  });

  it("sends a multi-tenant campaign's author to their own tenant's consent link for a refused permission", () => {
    const consentUrl =
      'https://login.microsoftonline.com/fabrikam-tenant/adminconsent?client_id=graph-client';
    const error = audienceReadFailure(
      new GraphError(403, '/groups/g-1/members'),
      GROUP,
      consentUrl,
    );
    assert.ok(error instanceof AudienceUnreadable);
    assert.match(error.reason, /GroupMember\.Read\.All/);
    assert.ok(error.reason.endsWith(consentUrl));
    assert.doesNotMatch(error.reason, /App registrations/);
  });

  it('is worth asking again when Graph throttled, failed or did not answer', () => {
    for (const status of [0, 408, 429, 500, 503, 504])
      assert.equal(failure(status).permanent, false);
  });

  it('names the permission to grant: GroupMember.Read.All for a group, User.Read.All for everyone and for people by attributes', () => {
    assert.match(failure(403).reason, /GroupMember\.Read\.All/);
    assert.doesNotMatch(failure(403).reason, /User\.Read\.All/);
    assert.match(failure(403, EVERYONE).reason, /User\.Read\.All/);
    assert.match(failure(403, EVERYONE).reason, /everyone in the organisation/);
    assert.match(
      failure(403, SALES_IN_GERMANY).reason,
      /refused to read the organisation's users with department Sales, and country Germany \(403 Forbidden\).*User\.Read\.All/,
    );
  });

  it('says a group that answers 404 was deleted, and bad credentials which variables to check', () => {
    assert.match(failure(404).reason, /group no longer exists.*Choose another audience/);
    assert.match(failure(401).reason, /GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET/);
    assert.match(failure(503).reason, /answered 503.*until the campaign's last working day/);
  });

  it('leaves any other error as it is', () => {
    const other = new Error('store closed');
    assert.equal(audienceReadFailure(other, GROUP), other);
  });
});
