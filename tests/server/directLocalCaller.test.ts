import assert from 'node:assert/strict';
import { isDirectLocalCaller, notDirectLocalCaller } from '../../src/server/directLocalCaller.js';

describe('notDirectLocalCaller (who gets local mode and the detail of /healthz)', () => {
  const local = { host: '127.0.0.1:3978' };

  it('takes a loopback peer with a loopback Host and no Origin as a direct local caller', () => {
    for (const host of ['127.0.0.1:3978', 'localhost:3978', '[::1]:3978', 'LOCALHOST']) {
      assert.equal(isDirectLocalCaller({ remoteAddress: '127.0.0.1', headers: { host } }), true);
    }
    assert.equal(isDirectLocalCaller({ remoteAddress: '::1', headers: local }), true);
    assert.equal(
      isDirectLocalCaller({
        remoteAddress: '::ffff:127.0.0.1',
        headers: { ...local, origin: 'http://localhost:3000' },
      }),
      true,
    );
  });

  const refused: Array<[string, string | undefined, Record<string, string>, RegExp]> = [
    ['a peer on the network', '192.0.2.2', local, /not on this machine/],
    ['no peer address', undefined, local, /not on this machine/],
    ['X-Forwarded-For', '127.0.0.1', { ...local, 'x-forwarded-for': '203.0.113.7' }, /proxy/],
    ['Forwarded', '127.0.0.1', { ...local, forwarded: 'for=203.0.113.7' }, /proxy/],
    ['X-Real-IP', '127.0.0.1', { ...local, 'x-real-ip': '203.0.113.7' }, /proxy/],
    ['X-Forwarded-Host', '127.0.0.1', { ...local, 'x-forwarded-host': 'bot.example' }, /proxy/],
    ['Via', '127.0.0.1', { ...local, via: '1.1 nginx' }, /proxy/],
    ['a Host of another machine', '127.0.0.1', { host: 'evil.example:3978' }, /Host/],
    [
      'a Host that only starts like loopback',
      '127.0.0.1',
      { host: '127.0.0.1.evil.example' },
      /Host/,
    ],
    ['no Host', '127.0.0.1', {}, /Host/],
    ['a foreign Origin', '127.0.0.1', { ...local, origin: 'http://evil.example' }, /another site/],
    ['an opaque Origin', '127.0.0.1', { ...local, origin: 'null' }, /another site/],
    ['a file Origin', '127.0.0.1', { ...local, origin: 'file://' }, /another site/],
  ];
  for (const [what, remoteAddress, headers, reason] of refused) {
    it(`refuses ${what}`, () => {
      assert.match(notDirectLocalCaller({ remoteAddress, headers }) ?? '', reason);
    });
  }
});
