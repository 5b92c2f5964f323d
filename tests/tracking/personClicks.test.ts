import assert from 'node:assert/strict';
import { isPersonClick } from '../../src/tracking/personClicks.js';

describe('isPersonClick (what a click count counts)', () => {
  for (const browser of [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
    'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
    'Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
    // The Teams clients' in-app browsers: a person clicking.
    'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Teams/1.6.00.4464 Chrome/80.0 Electron/8.5.1 Safari/537.36',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 TeamsMobile-iOS',
  ]) {
    it(`counts a browser: ${browser.slice(0, 70)}…`, () => {
      assert.equal(isPersonClick({ 'user-agent': browser }), true);
    });
  }

  for (const program of [
    'curl/8.5.0',
    'python-requests/2.31.0',
    'node',
    'undici',
    'Go-http-client/1.1',
    'Java/17.0.9',
    'okhttp/4.12.0',
    'Wget/1.21.4',
    'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.22621.2506',
    'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)',
    'Microsoft Office Existence Discovery',
    'Mozilla/4.0 (compatible; ms-office; MSOffice 16)',
    'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; ms-office; MSOffice 16)',
    'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5',
    'Mozilla/5.0 (compatible; YandexBot/3.0)',
    'Mozilla/5.0 (compatible; Baiduspider/2.0)',
    'Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0 Safari/537.36',
  ]) {
    it(`does not count: ${program.slice(0, 70)}`, () => {
      assert.equal(isPersonClick({ 'user-agent': program }), false);
    });
  }

  it('does not count a request without User-Agent', () => {
    assert.equal(isPersonClick({}), false);
    assert.equal(isPersonClick({ 'user-agent': '  ' }), false);
  });

  it('does not count a browser’s prefetch', () => {
    const browser = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
    for (const [name, value] of [
      ['sec-purpose', 'prefetch'],
      ['sec-purpose', 'prefetch;prerender'],
      ['purpose', 'prefetch'],
      ['x-moz', 'prefetch'],
      ['x-purpose', 'preview'],
    ]) {
      assert.equal(isPersonClick({ 'user-agent': browser, [name!]: value }), false, name);
    }
  });
});
