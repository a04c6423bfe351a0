import { afterEach, describe, expect, it } from 'vitest';
import { fakeRefreshToken } from '../src/fake-refresh-token.ts';
import { loadCredentialsSource } from '../src/index.ts';
import { rejectionOf } from '../src/rejection-of.ts';
import { type KiroStub, sendJson, startKiroStub } from './kiro-stub.ts';

const hash = '0123456789abcdef0123456789abcdef01234567';
let stub: KiroStub | undefined;

afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

describe('loadCredentialsSource from an http URL', () => {
  it('fetches the accounts and the IdC registration beside them with the default fetch', async () => {
    const refreshToken = fakeRefreshToken('url');
    stub = await startKiroStub((request, response) => {
      if (request.path === '/creds/accounts.json') {
        sendJson(response, 200, [{ refreshToken, clientIdHash: hash, authMethod: 'IdC' }, { refreshToken }]);
      } else if (request.path === `/creds/${hash}.json`) {
        sendJson(response, 200, { clientId: 'client-url', clientSecret: 'secret-url' });
      } else {
        sendJson(response, 404, {});
      }
    });
    const source = await loadCredentialsSource(`${stub.url}/creds/accounts.json?token=sig`);
    expect(source.location).toBe(`${stub.url}/creds/accounts.json`);
    expect(source.credentials.map((credential) => [credential.authKind, credential.clientId])).toEqual([
      ['idc', 'client-url'],
      ['social', undefined],
    ]);
  });

  it('reports an unreachable URL as a dependency problem without its query', async () => {
    stub = await startKiroStub((_request, response) => sendJson(response, 403, { message: 'denied' }));
    const error = await rejectionOf(loadCredentialsSource(`${stub.url}/creds.json?token=sig`));
    expect(error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect(error.message).toBe(`Cannot fetch credentials from ${stub.url}/creds.json (HTTP 403)`);
  });
});
