import assert from 'node:assert/strict';
import { findUnknownPlaceholders, renderMessage } from '../../src/domain/placeholders.js';

describe('placeholders', () => {
  describe('findUnknownPlaceholders', () => {
    const cases: { message: string; unknown: string[] }[] = [
      { message: 'Hello {{firstName}} {{lastName}}, {{fullName}} <{{email}}>', unknown: [] },
      { message: 'No placeholder at all', unknown: [] },
      { message: 'Hi {{FirstName}}', unknown: ['{{FirstName}}'] },
      { message: 'Hi {{ firstName }}', unknown: ['{{ firstName }}'] },
      { message: 'Hi {{name}} and {{name}} and {{company}}', unknown: ['{{name}}', '{{company}}'] },
      { message: 'Empty {{}} braces', unknown: ['{{}}'] },
    ];
    for (const { message, unknown } of cases) {
      it(`"${message}" → [${unknown.join(', ')}]`, () => {
        assert.deepEqual(findUnknownPlaceholders(message), unknown);
      });
    }
  });

  describe('renderMessage', () => {
    const cases: {
      title: string;
      person: Parameters<typeof renderMessage>[1];
      expected: string;
    }[] = [
      {
        title: 'fills every placeholder',
        person: { firstName: 'Ada', lastName: 'Lovelace', fullName: 'Ada L.', email: 'ada@x.io' },
        expected: 'Hi Ada Lovelace (Ada L.) ada@x.io, Ada!',
      },
      {
        title: 'falls back to "first last" for the full name',
        person: { firstName: 'Ada', lastName: 'Lovelace' },
        expected: 'Hi Ada Lovelace (Ada Lovelace) , Ada!',
      },
      {
        title: 'leaves missing values empty',
        person: {},
        expected: 'Hi   () , !',
      },
    ];
    for (const { title, person, expected } of cases) {
      it(title, () => {
        assert.equal(
          renderMessage(
            'Hi {{firstName}} {{lastName}} ({{fullName}}) {{email}}, {{firstName}}!',
            person,
          ),
          expected,
        );
      });
    }

    it('leaves an unknown token as written', () => {
      assert.equal(
        renderMessage('{{company}} / {{ email }}', { email: 'a@b.c' }),
        '{{company}} / {{ email }}',
      );
    });
  });
});
