import assert from 'node:assert/strict';
import { maskUrlCredentials, withoutUrlCredentials } from '../../src/shared/urlCredentials.js';

describe('URL credentials kept out of error lines', () => {
  const masked: Array<[string, string]> = [
    ['mongodb://admin:hunter2@db/pushbot', 'mongodb://***@db/pushbot'],
    ['mongodb://admin:P4ss@w0rd-Secret@db:27017/x', 'mongodb://***@db:27017/x'],
    ['mongodb://admin:pa/ss?#@db/x', 'mongodb://***@db/x'],
    ['mongdb://admin:pa/ss@db/x', 'mongdb://***@db/x'],
    ['mongodb:/admin:pa/ss@db/x', 'mongodb:/***@db/x'],
    ['mongodb:admin:pass@db/x', 'mongodb:***@db/x'],
    ['//admin:pass@db/x', '//***@db/x'],
    ['mongodb://db.example.com/pushbot', 'mongodb://db.example.com/pushbot'],
    ['mongodb://@db/x', 'mongodb://@db/x'],
  ];
  for (const [raw, expected] of masked) {
    it(`masks ${raw}`, () => {
      assert.equal(maskUrlCredentials(raw), expected);
    });
  }

  it('removes the URL and every piece of its credentials from a driver message, whatever their case', () => {
    const url = 'mongodb://admin:P4ss@w0rd-Secret@db.example.com/x';
    const message = withoutUrlCredentials(
      `getaddrinfo ENOTFOUND w0rd-secret; Protocol and host list are required in "${url}"`,
      url,
    );
    assert.doesNotMatch(message, /P4ss|w0rd|secret|admin/i);
    assert.equal(
      message,
      'getaddrinfo ENOTFOUND ***; Protocol and host list are required in "mongodb://***@db.example.com/x"',
    );
  });

  it('removes the percent-decoded password too', () => {
    const url = 'mongodb://ops:P4ss%40w0rd@db/x';
    assert.equal(withoutUrlCredentials('bad password P4ss@w0rd', url), 'bad password ***');
  });

  it('leaves a message alone when the URL has no credentials', () => {
    assert.equal(
      withoutUrlCredentials('connect ECONNREFUSED 127.0.0.1:1', 'mongodb://127.0.0.1:1/x'),
      'connect ECONNREFUSED 127.0.0.1:1',
    );
  });
});
