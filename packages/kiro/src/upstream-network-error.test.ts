import { AppError } from '@kirogate/errors';
import { describe, expect, it } from 'vitest';
import { toUpstreamNetworkError } from './upstream-network-error.ts';

const withCode = (code: string, message = 'connect failed to http://user:pw@host/x') =>
  Object.assign(new Error(message), { code });

describe('toUpstreamNetworkError', () => {
  it('maps undici and socket timeouts to UPSTREAM_TIMEOUT', () => {
    for (const code of [
      'UND_ERR_CONNECT_TIMEOUT',
      'UND_ERR_HEADERS_TIMEOUT',
      'UND_ERR_BODY_TIMEOUT',
      'ETIMEDOUT',
    ]) {
      expect(toUpstreamNetworkError(withCode(code), 'Kiro chat').code, code).toBe('UPSTREAM_TIMEOUT');
    }
  });

  it('maps refused and reset connections to UPSTREAM_ERROR, naming only the code', () => {
    const error = toUpstreamNetworkError(withCode('ECONNREFUSED'), 'Kiro chat');
    expect(error).toMatchObject({
      code: 'UPSTREAM_ERROR',
      message: 'Kiro chat: connection to Kiro failed (ECONNREFUSED)',
    });
    const nested = toUpstreamNetworkError(
      new TypeError('terminated', { cause: withCode('UND_ERR_SOCKET') }),
      'x',
    );
    expect(nested.message).toBe('x: connection to Kiro failed (UND_ERR_SOCKET)');
    expect(toUpstreamNetworkError(new Error('boom'), 'x').message).toBe('x: connection to Kiro failed');
  });

  it('passes AppErrors through', () => {
    const own = new AppError('UPSTREAM_THROTTLED', 'slow');
    expect(toUpstreamNetworkError(own, 'x')).toBe(own);
  });
});
