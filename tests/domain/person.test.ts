import assert from 'node:assert/strict';
import { namesFromDisplayName, personOf } from '../../src/domain/person.js';
import { renderMessage } from '../../src/domain/placeholders.js';

describe('names of a Skype user', () => {
  it('reads given name and surname from a display name', () => {
    const cases: [string | undefined, ReturnType<typeof namesFromDisplayName>][] = [
      ['Ada Lovelace', { givenName: 'Ada', surname: 'Lovelace' }],
      ['  Ada   King  Lovelace ', { givenName: 'Ada', surname: 'King Lovelace' }],
      ['Lovelace, Ada', { givenName: 'Ada', surname: 'Lovelace' }],
      ['Ada', { givenName: 'Ada' }],
      ['Ada,', { givenName: 'Ada' }],
      ['ada@contoso.test', {}],
      ['   ', {}],
      [undefined, {}],
    ];
    for (const [displayName, names] of cases) {
      assert.deepEqual(namesFromDisplayName(displayName), names, String(displayName));
    }
  });

  it('fills {{firstName}} and {{lastName}} for a Skype user recorded without them, and leaves a Teams user’s as the directory gave them', () => {
    const message = 'Hello {{firstName}} {{lastName}}!';
    const skype = { channel: 'skype' as const, name: 'Ada Lovelace' };
    assert.equal(renderMessage(message, personOf(skype)), 'Hello Ada Lovelace!');
    assert.equal(
      renderMessage(message, personOf({ ...skype, givenName: 'Augusta' })),
      'Hello Augusta !',
      'names already recorded are kept',
    );
    const teams = { channel: 'teams' as const, name: 'Ada Lovelace' };
    assert.equal(renderMessage(message, personOf(teams)), 'Hello  !');
  });
});
