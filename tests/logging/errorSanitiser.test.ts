import assert from 'node:assert/strict';
import { safeError } from '../../src/logger.js';
import { capturedLogs } from '../support/capturedLogs.js';

describe('the error sanitiser (every logged `err`)', () => {
  it('keeps type, message, code and status of an Error, with its stack', () => {
    const error = Object.assign(new TypeError('fetch failed'), { code: 'ECONNREFUSED' });
    const safe = safeError(error);
    assert.deepEqual(
      { ...safe, stack: typeof safe.stack },
      { type: 'TypeError', message: 'fetch failed', code: 'ECONNREFUSED', stack: 'string' },
    );
  });

  it('reads MSAL-style `errorCode` and HTTP `status` too', () => {
    const error = Object.assign(new Error('AADSTS7000215: Invalid client secret provided.'), {
      name: 'ServerError',
      errorCode: 'invalid_client',
      status: 401,
    });
    const { type, code, statusCode } = safeError(error);
    assert.deepEqual(
      { type, code, statusCode },
      {
        type: 'ServerError',
        code: 'invalid_client',
        statusCode: 401,
      },
    );
  });

  it('describes a thrown plain object by its fields, never as "[object Object]"', () => {
    const thrown = {
      name: 'RestError',
      message: 'connect ECONNREFUSED 127.0.0.1:443',
      code: 'ECONNREFUSED',
      statusCode: 0,
      request: { headers: { authorization: 'Bearer secret-token' } },
    };
    assert.deepEqual(safeError(thrown), {
      type: 'RestError',
      message: 'connect ECONNREFUSED 127.0.0.1:443',
      code: 'ECONNREFUSED',
      statusCode: 0,
    });
  });

  it('keeps the cause of an error, sanitised the same way', () => {
    const error = new Error('send could not start', {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
    });
    const cause = safeError(error).cause as Record<string, unknown>;
    assert.deepEqual(
      [cause.type, cause.message, cause.code],
      ['Error', 'getaddrinfo ENOTFOUND', 'ENOTFOUND'],
    );
  });

  it('shows a thrown string or number as the message', () => {
    assert.deepEqual(safeError('boom'), { message: 'boom' });
    assert.deepEqual(safeError(42), { message: '42' });
  });

  it('is what a log line carries under `err`, without the request inside the error', () => {
    const logs = capturedLogs();
    logs.logger.error({ err: { name: 'RestError', request: { body: 'Hi Ada' } } }, 'failed');
    assert.deepEqual(logs.lines[0]!.err, { type: 'RestError' });
    assert.doesNotMatch(logs.raw[0]!, /Hi Ada|object Object/);
  });
});
