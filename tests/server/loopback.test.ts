import assert from 'node:assert/strict';
import { isLoopbackAddress, isLoopbackUrl } from '../../src/server/loopback.js';

describe('isLoopbackAddress', () => {
  const cases: Array<[string | undefined, boolean]> = [
    ['127.0.0.1', true],
    ['127.0.0.0', true],
    ['127.255.255.254', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['::FFFF:127.1.2.3', true],
    ['::ffff:7f00:1', true],
    ['128.0.0.1', false],
    ['126.255.255.255', false],
    ['10.0.0.1', false],
    ['192.168.1.20', false],
    ['0.0.0.0', false],
    ['::', false],
    ['::2', false],
    ['fe80::1', false],
    ['fe80::1%eth0', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:128.0.0.1', false],
    ['1::1', false],
    ['localhost', false],
    ['127.0.0.1.evil.example', false],
    ['', false],
    [undefined, false],
  ];
  for (const [address, expected] of cases) {
    it(`${JSON.stringify(address)} → ${expected ? 'loopback' : 'not loopback'}`, () => {
      assert.equal(isLoopbackAddress(address), expected);
    });
  }
});

describe('isLoopbackUrl (the serviceUrls local mode calls)', () => {
  const cases: Array<[unknown, boolean]> = [
    ['http://localhost:56150/_connector', true],
    ['http://127.0.0.1:9/amer/', true],
    ['https://[::1]:3979/', true],
    ['http://LOCALHOST/', true],
    ['https://smba.trafficmanager.net/emea/', false],
    ['http://127.0.0.1.evil.example/', false],
    ['http://localhost.evil.example/', false],
    ['http://[::ffff:a00:1]/', false],
    ['ftp://127.0.0.1/', false],
    ['not a url', false],
    [undefined, false],
    [42, false],
  ];
  for (const [url, expected] of cases) {
    it(`${JSON.stringify(url)} → ${expected ? 'loopback' : 'not loopback'}`, () => {
      assert.equal(isLoopbackUrl(url), expected);
    });
  }
});
