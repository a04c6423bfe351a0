import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import {
  exchangeCode,
  OAuthAccountRefused,
  OAuthExchangeError,
  type OAuthProviderConfig,
} from './oauth-providers.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A LinuxDo-shaped provider answering the token call and then `profile`. */
async function linuxdo(profile: Record<string, unknown>, tokenStatus = 200): Promise<OAuthProviderConfig> {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/oauth2/token') {
      res.statusCode = tokenStatus;
      res.end(JSON.stringify(tokenStatus === 200 ? { access_token: 'at' } : { error: 'invalid_grant' }));
    } else res.end(JSON.stringify(profile));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    provider: 'linuxdo',
    clientId: 'id',
    clientSecret: 'secret',
    redirectUri: 'http://localhost/cb',
    authorizeUrl: `${base}/oauth2/authorize`,
    tokenUrl: `${base}/oauth2/token`,
    profileUrl: `${base}/api/user`,
    scope: undefined,
    clientAuth: 'basic',
  };
}

it('maps a LinuxDo profile to an identity', async () => {
  const provider = await linuxdo({
    id: 7,
    username: 'neo',
    avatar_template: '/u/{size}.png',
    trust_level: 3,
  });
  expect(await exchangeCode(provider, 'code', 'verifier')).toEqual({
    provider: 'linuxdo',
    providerUserId: '7',
    username: 'neo',
    avatarUrl: '/u/120.png',
    trustLevel: 3,
  });
});

it('refuses silenced and inactive LinuxDo accounts', async () => {
  const provider = await linuxdo({ id: 8, username: 'quiet', trust_level: 2, silenced: true });
  await expect(exchangeCode(provider, 'code', 'verifier')).rejects.toBeInstanceOf(OAuthAccountRefused);
});

it('reports a refused code without echoing anything secret', async () => {
  const provider = await linuxdo({}, 400);
  const failure = exchangeCode(provider, 'code', 'verifier');
  await expect(failure).rejects.toBeInstanceOf(OAuthExchangeError);
  await expect(failure).rejects.not.toThrow(/secret|verifier/);
});
