import assert from 'node:assert/strict';
import { signPath, verifySignedRequest } from '../../src/tracking/signedUrl.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = Date.UTC(2026, 2, 2, 10, 0);
const EXPIRES = NOW + 60 * 60 * 1000;

describe('signed URLs', () => {
  const signed = signPath('/reports/c1/chart.png', EXPIRES, SECRET);

  it('adds exp and sig query parameters', () => {
    const url = new URL(signed, 'http://host');
    assert.equal(url.pathname, '/reports/c1/chart.png');
    assert.equal(url.searchParams.get('exp'), String(EXPIRES));
    assert.match(url.searchParams.get('sig') ?? '', /^[A-Za-z0-9_-]{43}$/);
  });

  it('verifies before expiry', () => {
    assert.equal(verifySignedRequest(signed, NOW, SECRET), true);
    assert.equal(verifySignedRequest(signed, EXPIRES - 1, SECRET), true);
  });

  it('keeps an existing query and signs it too', () => {
    const withQuery = signPath('/reports/c1/export.csv?format=full', EXPIRES, SECRET);
    assert.equal(verifySignedRequest(withQuery, NOW, SECRET), true);
    assert.equal(
      verifySignedRequest(withQuery.replace('format=full', 'format=short'), NOW, SECRET),
      false,
    );
  });

  const rejected: Array<[string, string, number, string]> = [
    ['expired at exp', signed, EXPIRES, SECRET],
    ['expired after exp', signed, EXPIRES + 1, SECRET],
    ['another secret', signed, NOW, 'another-secret-that-is-long-enough-987654321'],
    ['another campaign', signed.replace('/c1/', '/c2/'), NOW, SECRET],
    ['another resource', signed.replace('chart.png', 'export.csv'), NOW, SECRET],
    ['extended expiry', signed.replace(`exp=${EXPIRES}`, `exp=${EXPIRES + 1000}`), NOW, SECRET],
    ['flipped signature char', flipLastChar(signed), NOW, SECRET],
    ['missing signature', signed.slice(0, signed.indexOf('&sig=')), NOW, SECRET],
    ['parameter appended after sig', `${signed}&x=1`, NOW, SECRET],
    ['unsigned path', '/reports/c1/chart.png', NOW, SECRET],
    ['empty', '', NOW, SECRET],
  ];
  for (const [name, url, now, secret] of rejected) {
    it(`rejects: ${name}`, () => {
      assert.equal(verifySignedRequest(url, now, secret), false);
    });
  }

  it('rejects a duplicated exp even when signed', () => {
    const twice = signPath(`/reports/c1/chart.png?exp=${EXPIRES + 10_000_000}`, EXPIRES, SECRET);
    assert.equal(verifySignedRequest(twice, NOW, SECRET), false);
  });
});

function flipLastChar(url: string): string {
  const last = url.at(-1);
  return url.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}
