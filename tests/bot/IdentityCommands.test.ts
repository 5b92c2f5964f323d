import assert from 'node:assert/strict';
import { parseIdentityCommand } from '../../src/bot/IdentityCommands.js';

describe('parseIdentityCommand', () => {
  it('reads link skype, link with digits, unlink and whoami, whatever the case and spacing', () => {
    assert.deepEqual(parseIdentityCommand(' Link  Skype '), { kind: 'linkSkype' });
    assert.deepEqual(parseIdentityCommand('link 123 456'), { kind: 'linkCode', code: '123 456' });
    assert.deepEqual(parseIdentityCommand('link 12345'), { kind: 'linkCode', code: '12345' });
    assert.deepEqual(parseIdentityCommand('UNLINK'), { kind: 'unlink' });
    for (const whoami of ['whoami', 'who am i', 'Who am I?']) {
      assert.deepEqual(parseIdentityCommand(whoami), { kind: 'whoami' }, whoami);
    }
  });

  it('leaves anything else to the dialogs, such as a message that starts with "Link"', () => {
    for (const text of ['Link to the intranet: https://intranet', 'link', 'links', undefined]) {
      assert.equal(parseIdentityCommand(text), null, String(text));
    }
  });
});
