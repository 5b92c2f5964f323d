import assert from 'node:assert/strict';
import { classifyTokenFailure, lacksConsent } from '../../src/graph/tokenFailure.js';

/** As MSAL throws a login host's refusal: the OAuth error, then Entra's description. */
const msalError = (errorCode: string, errorMessage: string) =>
  Object.assign(new Error(errorMessage), { errorCode, errorMessage });

describe('a token refusal', () => {
  const cases: Array<[string, unknown, 'refused' | 'unavailable', boolean]> = [
    [
      'consent not granted',
      msalError('invalid_grant', 'AADSTS65001: not consented'),
      'refused',
      true,
    ],
    [
      'unknown app in the tenant',
      msalError('unauthorized_client', 'AADSTS700016: not found'),
      'refused',
      true,
    ],
    [
      'no service principal',
      msalError('invalid_client', 'AADSTS7000229: missing service principal'),
      'refused',
      true,
    ],
    ['invalid_client without a number', msalError('invalid_client', 'refused'), 'refused', true],
    [
      'an invalid secret',
      msalError('invalid_client', 'AADSTS7000215: Invalid client secret'),
      'refused',
      false,
    ],
    ['an expired secret', msalError('invalid_client', 'AADSTS7000222: expired'), 'refused', false],
    [
      'an unknown tenant',
      msalError('invalid_request', 'AADSTS90002: Tenant not found'),
      'refused',
      false,
    ],
    ['no answer', new Error('ECONNRESET'), 'unavailable', false],
  ];
  for (const [what, error, kind, consent] of cases) {
    it(`${what}: ${kind}${consent ? ', consent missing' : ''}`, () => {
      const failure = classifyTokenFailure(error);
      assert.equal(failure.kind, kind);
      assert.equal(lacksConsent(failure), consent);
    });
  }
});
