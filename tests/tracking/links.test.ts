import assert from 'node:assert/strict';
import { rewriteLinks } from '../../src/domain/links.js';

/** Replaces each URL with a readable marker so expectations show exactly what moved. */
const mark = (url: string): string => `T<${url}>`;

describe('rewriteLinks', () => {
  const cases: Array<{ name: string; input: string; text: string; urls: string[] }> = [
    {
      name: 'Markdown link keeps its label',
      input: 'Read [our news](https://example.com/news) today',
      text: 'Read [our news](T<https://example.com/news>) today',
      urls: ['https://example.com/news'],
    },
    {
      name: 'Markdown link with a title keeps the title',
      input: '[docs](https://example.com/d "The docs")',
      text: '[docs](T<https://example.com/d> "The docs")',
      urls: ['https://example.com/d'],
    },
    {
      name: 'balanced parentheses belong to the URL',
      input: '[wiki](https://en.wikipedia.org/wiki/Bot_(software))',
      text: '[wiki](T<https://en.wikipedia.org/wiki/Bot_(software)>)',
      urls: ['https://en.wikipedia.org/wiki/Bot_(software)'],
    },
    {
      name: 'angle-bracket destination',
      input: '[a](<https://example.com/a b>)',
      text: '[a](<T<https://example.com/a b>>)',
      urls: ['https://example.com/a b'],
    },
    {
      name: 'bare URL loses the sentence full stop',
      input: 'See https://example.com/page.',
      text: 'See T<https://example.com/page>.',
      urls: ['https://example.com/page'],
    },
    {
      name: 'bare URL loses trailing comma and unbalanced parenthesis',
      input: '(see https://example.com/a, and https://example.com/b)',
      text: '(see T<https://example.com/a>, and T<https://example.com/b>)',
      urls: ['https://example.com/a', 'https://example.com/b'],
    },
    {
      name: 'bare URL keeps balanced parentheses and its query',
      input: 'https://en.wikipedia.org/wiki/Foo_(bar)?x=1&y=2!',
      text: 'T<https://en.wikipedia.org/wiki/Foo_(bar)?x=1&y=2>!',
      urls: ['https://en.wikipedia.org/wiki/Foo_(bar)?x=1&y=2'],
    },
    {
      name: 'http and upper-case scheme are tracked',
      input: 'HTTP://EXAMPLE.COM and http://a.example',
      text: 'T<HTTP://EXAMPLE.COM> and T<http://a.example>',
      urls: ['HTTP://EXAMPLE.COM', 'http://a.example'],
    },
    {
      name: 'URL used as a label is not rewritten, only the destination',
      input: '[https://example.com](https://example.com)',
      text: '[https://example.com](T<https://example.com>)',
      urls: ['https://example.com'],
    },
    {
      name: 'mailto, tel and relative links are untouched',
      input: '[mail](mailto:a@example.com) [call](tel:+331) [rel](/local) ftp://x.example',
      text: '[mail](mailto:a@example.com) [call](tel:+331) [rel](/local) ftp://x.example',
      urls: [],
    },
    {
      name: 'a label with a bare URL inside a mailto link stays as written',
      input: '[https://example.com](mailto:a@example.com)',
      text: '[https://example.com](mailto:a@example.com)',
      urls: [],
    },
    {
      name: 'images are not links',
      input: '![logo](https://example.com/logo.png)',
      text: '![logo](https://example.com/logo.png)',
      urls: [],
    },
    {
      name: 'a linked image tracks the link, not the image',
      input: '[![logo](https://example.com/l.png)](https://example.com/home)',
      text: '[![logo](https://example.com/l.png)](T<https://example.com/home>)',
      urls: ['https://example.com/home'],
    },
    {
      name: 'code spans and fences are text',
      input:
        'Run `curl https://example.com/x`\n```\nhttps://example.com/y\n```\nhttps://example.com/z',
      text: 'Run `curl https://example.com/x`\n```\nhttps://example.com/y\n```\nT<https://example.com/z>',
      urls: ['https://example.com/z'],
    },
    {
      name: 'autolink in angle brackets',
      input: 'Go <https://example.com/auto>',
      text: 'Go <T<https://example.com/auto>>',
      urls: ['https://example.com/auto'],
    },
    {
      name: 'same URL twice is listed once but rewritten everywhere',
      input: '[a](https://example.com) or https://example.com',
      text: '[a](T<https://example.com>) or T<https://example.com>',
      urls: ['https://example.com'],
    },
    {
      name: 'scheme glued to a word is not a URL',
      input: 'xhttps://example.com',
      text: 'xhttps://example.com',
      urls: [],
    },
    {
      name: 'scheme without a host is not a URL',
      input: 'https:// and [x](https://)',
      text: 'https:// and [x](https://)',
      urls: [],
    },
    {
      name: 'bracketed text that is not a link still has its bare URL tracked',
      input: '[see https://example.com/x]',
      text: '[see T<https://example.com/x>]',
      urls: ['https://example.com/x'],
    },
    {
      name: 'placeholders and plain Markdown are preserved',
      input: 'Hi **{{firstName}}**, *no links* here.',
      text: 'Hi **{{firstName}}**, *no links* here.',
      urls: [],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const result = rewriteLinks(c.input, mark);
      assert.equal(result.text, c.text);
      assert.deepEqual(result.urls, c.urls);
    });
  }
});
