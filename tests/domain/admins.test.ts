import assert from 'node:assert/strict';
import { emailOfSipId, isAdmin } from '../../src/domain/admins.js';
import { normalizePairingCode } from '../../src/domain/pairing.js';

describe('admins', () => {
  const admins = { emails: ['ada@contoso.com'], ids: ['skype:live:ops-desk'] };

  it('recognises an admin by e-mail whatever its case, or by channel:userId', () => {
    assert.equal(isAdmin({ id: 'msteams:29:a', email: 'Ada@Contoso.com' }, admins), true);
    assert.equal(isAdmin({ id: 'skype:live:ops-desk' }, admins), true);
    assert.equal(isAdmin({ id: 'skype:live:ops-desk-2' }, admins), false);
    assert.equal(isAdmin({ id: 'msteams:live:ops-desk' }, admins), false, 'another channel');
    assert.equal(isAdmin({ id: 'skype:live:ada', email: 'grace@contoso.com' }, admins), false);
    assert.equal(isAdmin(null, admins), false);
  });

  it('takes the e-mail of a SIP id, lower-cased, and nothing from other ids', () => {
    assert.equal(emailOfSipId('sip:Ada@Contoso.com'), 'ada@contoso.com');
    assert.equal(emailOfSipId('SIP:ada@contoso.com'), 'ada@contoso.com');
    for (const id of [
      'live:ada',
      '29:1abc',
      'ada@contoso.com',
      'sip:ada',
      'sip:ada@contoso',
      'sip:ada@contoso.com;transport=tls',
      'sip:a b@contoso.com',
    ]) {
      assert.equal(emailOfSipId(id), undefined, id);
    }
  });

  it('reads a pairing code typed with spaces or a dash, and refuses anything but six digits', () => {
    assert.equal(normalizePairingCode('123456'), '123456');
    assert.equal(normalizePairingCode(' 123 456 '), '123456');
    assert.equal(normalizePairingCode('123-456'), '123456');
    for (const typed of ['12345', '1234567', 'abcdef', '12345a', '']) {
      assert.equal(normalizePairingCode(typed), null, typed);
    }
  });
});
