import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('info', destination), lines };
}

describe('logger', () => {
  it('logs an HTTP error without the request it carries (authorization header, body)', () => {
    const { logger, lines } = capturingLogger();
    const error = Object.assign(new Error('Forbidden'), {
      code: 'MessageWritesBlocked',
      statusCode: 403,
      request: {
        headers: { authorization: 'Bearer secret-bot-token' },
        body: '{"text":"Hi Ada, your salary letter"}',
      },
    });

    logger.error({ err: error, campaignId: 'c1' }, 'send failed');

    const entry = JSON.parse(lines[0]!) as { err: Record<string, unknown>; campaignId: string };
    assert.equal(entry.campaignId, 'c1');
    assert.equal(entry.err.code, 'MessageWritesBlocked');
    assert.equal(entry.err.statusCode, 403);
    assert.doesNotMatch(lines[0]!, /secret-bot-token|salary letter/);
  });

  it('redacts fields that could carry a message body or a token', () => {
    const { logger, lines } = capturingLogger();

    logger.info({ text: 'Hi Ada', token: 'abc123', campaignId: 'c1' }, 'sending');

    assert.doesNotMatch(lines[0]!, /Hi Ada|abc123/);
    assert.match(lines[0]!, /"campaignId":"c1"/);
  });
});
