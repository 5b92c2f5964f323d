/**
 * The README as someone who clones the repository reads it: everything it points to is in the
 * repository, and the outbound hosts it lists for a firewall are the ones the code calls.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { GraphTokenSource } from '../../src/graph/GraphTokenSource.js';
import { AUTHORITY_HOSTS, cloudOf } from '../../src/graph/nationalClouds.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The section of the README under a `###` heading, up to the next heading. */
function section(heading: string): string {
  const start = README.indexOf(`### ${heading}`);
  assert.ok(start >= 0, `README has a "${heading}" section`);
  const end = README.slice(start + 4).search(/\n#{2,3} /);
  return end < 0 ? README.slice(start) : README.slice(start, start + 4 + end);
}

describe('README', () => {
  it('points to nothing outside the repository, and every file it links exists', () => {
    const links = [...README.matchAll(/\]\(([^)#\s]+)/g)].map((m) => m[1]!);
    const local = links.filter((link) => !/^[a-z]+:/i.test(link));
    assert.ok(local.includes('docs/SPEC.md'), 'the product description is linked');
    for (const link of local) {
      const target = resolve(ROOT, link);
      assert.ok(target.startsWith(`${ROOT}/`), `${link} is inside the repository`);
      assert.ok(existsSync(target), `${link} exists`);
    }
    assert.doesNotMatch(README, /`\.\.\/|\]\(\.\.\//, 'no path leads out of the repository');
  });

  describe('outbound hosts', () => {
    afterEach(() => {
      nock.cleanAll();
      nock.enableNetConnect();
    });

    for (const authorityHost of AUTHORITY_HOSTS) {
      it(`lists the host the Graph token request really goes to with AUTHORITY_HOST=${authorityHost}`, async () => {
        nock.disableNetConnect();
        const called: string[] = [];
        nock(/.*/)
          .post(/\/oauth2\/v2\.0\/token/)
          .reply(function () {
            called.push(`https://${this.req.headers.host}`);
            return [200, { token_type: 'Bearer', expires_in: 3600, access_token: 'token' }];
          });
        const cloud = cloudOf(undefined, authorityHost)!;
        const tokens = new GraphTokenSource(
          { tenantId: 'contoso-tenant', clientId: 'client', clientSecret: 'secret' },
          cloud,
        );

        assert.equal(await tokens.token(), 'token');

        assert.equal(called.length, 1);
        assert.ok(
          section('Outbound hosts').includes(called[0]!),
          `README's outbound hosts name ${called[0]}`,
        );
      });
    }
  });
});
