import assert from 'node:assert/strict';
import { asPlainText } from '../../src/domain/text.js';

describe('asPlainText: a name shown as typed inside Markdown', () => {
  const cases: Array<[string, string]> = [
    ['Spring Sale', 'Spring Sale'],
    ['[list](https://evil.example)', '\\[list\\](https://evil.example)'],
    ['<b>VIP</b> <img src=x>', '\\<b\\>VIP\\</b\\> \\<img src=x\\>'],
    ['**big** _news_ ~gone~ `code`', '\\*\\*big\\*\\* \\_news\\_ \\~gone\\~ \\`code\\`'],
    ['C:\\path', 'C:\\\\path'],
    ['Q&A (2026) #1 — été', 'Q&A (2026) #1 — été'],
  ];
  for (const [name, shown] of cases) {
    it(`${JSON.stringify(name)} → ${JSON.stringify(shown)}`, () => {
      assert.equal(asPlainText(name), shown);
    });
  }
});
