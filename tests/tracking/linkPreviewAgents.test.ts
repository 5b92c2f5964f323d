import assert from 'node:assert/strict';
import { isLinkPreviewAgent } from '../../src/tracking/linkPreviewAgents.js';

describe('isLinkPreviewAgent', () => {
  for (const browser of [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
    'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
    // The Teams client's in-app browser: a person clicking.
    'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Teams/1.6.00.4464 Chrome/80.0 Electron/8.5.1 Safari/537.36',
  ]) {
    it(`counts a browser: ${browser.slice(0, 60)}…`, () => {
      assert.equal(isLinkPreviewAgent(browser), false);
    });
  }

  for (const fetcher of [
    'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5',
    'Mozilla/5.0 (compatible; YandexBot/3.0)',
    'Mozilla/5.0 (compatible; Baiduspider/2.0)',
  ]) {
    it(`does not count: ${fetcher.slice(0, 60)}…`, () => {
      assert.equal(isLinkPreviewAgent(fetcher), true);
    });
  }

  it('does not count a request without User-Agent', () => {
    assert.equal(isLinkPreviewAgent(undefined), true);
    assert.equal(isLinkPreviewAgent('  '), true);
  });
});
