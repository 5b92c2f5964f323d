/**
 * Graph per tenant (SPEC.md: One directory per tenant): each tenant's token from its own
 * authority, kept by MSAL; a tenant that has not consented is known by the login host's
 * refusal, believed for a few minutes, and asked again after; single-tenant stays as it was.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import nock from 'nock';
import { ManualClock } from '../../src/clock.js';
import {
  CONSENT_VERDICT_MS,
  createGraphTenants,
  type GraphTenants,
} from '../../src/graph/GraphTenants.js';
import { GLOBAL_CLOUD, type GraphCloud } from '../../src/graph/nationalClouds.js';
import { silentLogger } from '../../src/logger.js';

const LOGIN = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com';
const CONTOSO = '11111111-1111-4111-8111-111111111111';
const FABRIKAM = '22222222-2222-4222-8222-222222222222';
const CLIENT_ID = 'graph-client';

type Reply = [number, unknown];
const tokenFor = (tenant: string): Reply => [
  200,
  { token_type: 'Bearer', expires_in: 3599, access_token: `token-${tenant}` },
];
/** What Entra answers a tenant where the app has no service principal (never consented). */
const NO_SERVICE_PRINCIPAL: Reply = [
  401,
  {
    error: 'invalid_client',
    error_description: `AADSTS7000229: The client application ${CLIENT_ID} is missing service principal in the tenant.`,
    error_codes: [7000229],
  },
];
const UNKNOWN_APP: Reply = [
  400,
  {
    error: 'unauthorized_client',
    error_description: `AADSTS700016: Application with identifier '${CLIENT_ID}' was not found in the directory.`,
    error_codes: [700016],
  },
];
const INVALID_SECRET: Reply = [
  401,
  {
    error: 'invalid_client',
    error_description: 'AADSTS7000215: Invalid client secret provided.',
    error_codes: [7000215],
  },
];

/** The login host of `cloud` per tenant; counts each tenant's token requests. */
function nockLogin(
  answers: Record<string, () => Reply>,
  cloud: GraphCloud = GLOBAL_CLOUD,
): Record<string, number> {
  const asked: Record<string, number> = {};
  for (const [tenant, answer] of Object.entries(answers)) {
    asked[tenant] = 0;
    nock(cloud.authorityHost)
      .post(`/${tenant}/oauth2/v2.0/token`)
      .query(true)
      .reply(() => {
        asked[tenant]!++;
        return answer();
      })
      .persist();
  }
  return asked;
}

/** Each tenant's groups, answered only to that tenant's token. */
function nockGroups(groupsByTenant: Record<string, string>): void {
  for (const [tenant, name] of Object.entries(groupsByTenant)) {
    nock(GRAPH)
      .get('/v1.0/groups')
      .query(true)
      .matchHeader('authorization', `Bearer token-${tenant}`)
      .reply(200, { value: [{ id: `g-${tenant}`, displayName: name, groupTypes: ['Unified'] }] })
      .persist();
  }
}

describe('Graph per tenant', () => {
  let clock: ManualClock;
  const tenants = (tenantId: string, cloud: GraphCloud = GLOBAL_CLOUD): GraphTenants =>
    createGraphTenants(
      { graph: { tenantId, clientId: CLIENT_ID, clientSecret: 'secret' }, graphCloud: cloud },
      silentLogger,
      clock,
      { clock, sleep: (ms) => clock.sleep(ms) },
    );

  beforeEach(() => {
    nock.disableNetConnect();
    clock = new ManualClock(DateTime.fromISO('2036-12-08T09:00:00Z'));
  });

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("reads each tenant's directory with a token of its own authority, asked once per tenant", async () => {
    const asked = nockLogin({
      [CONTOSO]: () => tokenFor(CONTOSO),
      [FABRIKAM]: () => tokenFor(FABRIKAM),
    });
    nockGroups({ [CONTOSO]: 'Contoso Sales', [FABRIKAM]: 'Fabrikam Sales' });
    const graph = tenants('organizations');

    const found: Record<string, unknown> = {};
    for (const tenant of [CONTOSO, FABRIKAM, CONTOSO.toUpperCase(), FABRIKAM]) {
      const access = await graph.graphFor(tenant);
      assert.equal(access.kind, 'granted');
      if (access.kind !== 'granted') continue;
      assert.equal(access.graph.tenantId, tenant.toLowerCase());
      found[tenant] = await access.graph.directory.searchGroups('Sales');
    }

    assert.deepEqual(
      (found[CONTOSO] as { groups: Array<{ displayName: string }> }).groups.map(
        (g) => g.displayName,
      ),
      ['Contoso Sales'],
    );
    assert.deepEqual(
      (found[FABRIKAM] as { groups: Array<{ displayName: string }> }).groups.map(
        (g) => g.displayName,
      ),
      ['Fabrikam Sales'],
    );
    assert.deepEqual(asked, { [CONTOSO]: 1, [FABRIKAM]: 1 }, 'each token asked once, then cached');
    assert.equal(graph.servicesFor(CONTOSO), graph.servicesFor(CONTOSO.toUpperCase()));
    assert.notEqual(graph.servicesFor(CONTOSO), graph.servicesFor(FABRIKAM));
  });

  for (const [label, refusal] of [
    ['no service principal (AADSTS7000229)', NO_SERVICE_PRINCIPAL],
    ['unknown application (AADSTS700016)', UNKNOWN_APP],
  ] as const) {
    it(`takes ${label} for consent not granted, keeps that verdict a while, and sees consent once granted`, async () => {
      let consented = false;
      const asked = nockLogin({
        [FABRIKAM]: () => (consented ? tokenFor(FABRIKAM) : refusal),
      });
      const graph = tenants('organizations');

      assert.deepEqual(await graph.graphFor(FABRIKAM), {
        kind: 'not-consented',
        consentUrl: `${LOGIN}/${FABRIKAM}/adminconsent?client_id=${CLIENT_ID}`,
      });
      assert.equal(graph.mayUse(FABRIKAM), false, 'no presence nor installation meanwhile');
      assert.equal(graph.servicesFor(FABRIKAM), undefined);
      clock.advance({ milliseconds: CONSENT_VERDICT_MS - 1 });
      assert.equal((await graph.graphFor(FABRIKAM)).kind, 'not-consented');
      assert.equal(asked[FABRIKAM], 1, 'the verdict is not asked again every message');

      consented = true;
      clock.advance({ milliseconds: 1 });
      assert.equal(graph.mayUse(FABRIKAM), true);
      assert.equal((await graph.graphFor(FABRIKAM)).kind, 'granted');
      assert.equal(asked[FABRIKAM], 2);
    });
  }

  it('takes a refused client secret for the credentials, not for consent: the directory says so', async () => {
    nockLogin({ [FABRIKAM]: () => INVALID_SECRET });
    const graph = tenants('organizations');

    const access = await graph.graphFor(FABRIKAM);

    assert.equal(access.kind, 'granted');
    if (access.kind === 'granted') {
      assert.deepEqual(await access.graph.directory.searchGroups('Sales'), {
        kind: 'unavailable',
        status: 401,
      });
    }
  });

  it("gives the consent link of the tenant's cloud", async () => {
    const usGov: GraphCloud = {
      name: 'US Government L4 (GCC High)',
      graphEndpoint: 'https://graph.microsoft.us',
      authorityHost: 'https://login.microsoftonline.us',
    };
    nockLogin({ [FABRIKAM]: () => NO_SERVICE_PRINCIPAL }, usGov);

    assert.deepEqual(await tenants('organizations', usGov).graphFor(FABRIKAM), {
      kind: 'not-consented',
      consentUrl: `https://login.microsoftonline.us/${FABRIKAM}/adminconsent?client_id=${CLIENT_ID}`,
    });
  });

  it('serves only its own tenant in single-tenant mode, without asking the login host', async () => {
    nock.emitter.on('no match', (request: { path?: string }) => {
      throw new Error(`unexpected request ${request.path}`);
    });
    const graph = tenants(CONTOSO);

    assert.deepEqual(await graph.graphFor(FABRIKAM), { kind: 'not-offered' });
    assert.equal(graph.mayUse(FABRIKAM), false);
    assert.equal((await graph.graphFor(CONTOSO.toUpperCase())).kind, 'granted');
    assert.equal(graph.servicesFor(CONTOSO)?.tenantId, CONTOSO);
    nock.emitter.removeAllListeners('no match');
  });

  it('never builds a login URL from a tenant id that is not a GUID or a domain', async () => {
    const graph = tenants('organizations');
    for (const bad of ['', '../common', 'a/b', 'organizations', 'x?y=1']) {
      assert.deepEqual(await graph.graphFor(bad), { kind: 'not-offered' }, bad);
    }
  });

  it('keeps a bounded number of tenants, dropping the least recently used', () => {
    const graph = createGraphTenants(
      {
        graph: { tenantId: 'organizations', clientId: CLIENT_ID, clientSecret: 's' },
        graphCloud: GLOBAL_CLOUD,
      },
      silentLogger,
      clock,
      {},
      2,
    );
    const contoso = graph.servicesFor(CONTOSO);
    const fabrikam = graph.servicesFor(FABRIKAM);
    assert.equal(graph.servicesFor(CONTOSO), contoso, 'used again: now the most recent');
    graph.servicesFor('33333333-3333-4333-8333-333333333333');
    assert.equal(graph.servicesFor(CONTOSO), contoso);
    assert.notEqual(graph.servicesFor(FABRIKAM), fabrikam, 'dropped, built again');
  });
});
