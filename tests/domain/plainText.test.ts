import assert from 'node:assert/strict';
import { asPlainText } from '../../src/domain/text.js';

describe('asPlainText: a name shown as the text it is', () => {
  const cases: [string, string][] = [
    ['[list](https://evil.example)', '\\[list\\](https://evil.example)'],
    ['<b>VIP</b>', '&lt;b&gt;VIP&lt;/b&gt;'],
    ['**bold** _it_ ~x~ `code`', '\\*\\*bold\\*\\* \\_it\\_ \\~x\\~ \\`code\\`'],
    ['C:\\temp', 'C:\\\\temp'],
    ['Spring sale (EU) 2026!', 'Spring sale (EU) 2026!'],
  ];
  for (const [name, shown] of cases) {
    it(`${name} → ${shown}`, () => {
      assert.equal(asPlainText(name), shown);
    });
  }
});
