import { strict as assert } from 'node:assert';
import {
  isEmailAddress,
  parseEmailList,
  type ParsedEmailList,
} from '../../src/domain/emailList.js';

describe('parseEmailList', () => {
  const cases: { title: string; text: string; expected: ParsedEmailList }[] = [
    {
      title: 'comma separated',
      text: 'ann@example.com,bob@example.com',
      expected: { valid: ['ann@example.com', 'bob@example.com'], invalid: [], duplicates: 0 },
    },
    {
      title: 'semicolons, spaces, tabs and new lines, mixed',
      text: 'ann@example.com; bob@example.com\tcarl@example.com\r\ndina@example.com\n\neve@example.com',
      expected: {
        valid: [
          'ann@example.com',
          'bob@example.com',
          'carl@example.com',
          'dina@example.com',
          'eve@example.com',
        ],
        invalid: [],
        duplicates: 0,
      },
    },
    {
      title: 'lower-cased, duplicates removed and counted (case-insensitively)',
      text: 'Ann@Example.com, ann@example.com; ANN@EXAMPLE.COM bob@example.com, bob@example.com',
      expected: { valid: ['ann@example.com', 'bob@example.com'], invalid: [], duplicates: 3 },
    },
    {
      title: 'invalid entries returned as typed, in order, each once',
      text: 'ann@example.com, bob, carl@, @example.com, dina@example, bob, e..f@example.com',
      expected: {
        valid: ['ann@example.com'],
        invalid: ['bob', 'carl@', '@example.com', 'dina@example', 'e..f@example.com'],
        duplicates: 0,
      },
    },
    {
      title: '"Name <address>" forms from mail clients',
      text: 'Ann Lee <ann@example.com>; Bob <BOB@example.com>, <carl@example.com>',
      expected: {
        valid: ['ann@example.com', 'bob@example.com', 'carl@example.com'],
        invalid: [],
        duplicates: 0,
      },
    },
    {
      title: 'a quoted display name may contain a comma',
      text: '"Lee, Ann" <ann@example.com>, bob@example.com',
      expected: { valid: ['ann@example.com', 'bob@example.com'], invalid: [], duplicates: 0 },
    },
    {
      title: 'an unquoted comma in a display name leaves the first part reported, not dropped',
      text: 'Lee, Ann <ann@example.com>',
      expected: { valid: ['ann@example.com'], invalid: ['Lee'], duplicates: 0 },
    },
    {
      title: 'a broken angle bracket is reported',
      text: 'Ann <ann@example.com, Bob <>',
      expected: { valid: [], invalid: ['Ann', '<ann@example.com', 'Bob', '<>'], duplicates: 0 },
    },
    {
      title: 'mailto: prefixes are accepted',
      text: 'mailto:ann@example.com',
      expected: { valid: ['ann@example.com'], invalid: [], duplicates: 0 },
    },
    {
      title: 'empty and separator-only text',
      text: ' ,; \n\n ;',
      expected: { valid: [], invalid: [], duplicates: 0 },
    },
  ];

  for (const { title, text, expected } of cases) {
    it(title, () => {
      assert.deepEqual(parseEmailList(text), expected);
    });
  }
});

describe('isEmailAddress', () => {
  const cases: [string, boolean][] = [
    ['ann@example.com', true],
    ['ann.lee+news@mail.example.co.uk', true],
    ["o'brien@example.ie", true],
    ['ann@xn--bcher-kva.example', true],
    ['ann@example', false],
    ['ann@@example.com', false],
    ['.ann@example.com', false],
    ['ann.@example.com', false],
    ['ann@-example.com', false],
    ['ann example@example.com', false],
    [`${'a'.repeat(65)}@example.com`, false],
    [`ann@${'a'.repeat(250)}.com`, false],
  ];
  for (const [address, expected] of cases) {
    it(`${address.slice(0, 30)} → ${expected}`, () => {
      assert.equal(isEmailAddress(address), expected);
    });
  }
});
