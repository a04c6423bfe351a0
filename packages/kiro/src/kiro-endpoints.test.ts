import { describe, expect, it } from 'vitest';
import { kiroEndpoints } from './kiro-endpoints.ts';

describe('kiroEndpoints', () => {
  it('defaults to the q, Kiro auth and SSO-OIDC hosts of the region', () => {
    expect(kiroEndpoints({ region: 'eu-central-1' })).toEqual({
      apiUrl: 'https://q.eu-central-1.amazonaws.com',
      authUrl: 'https://prod.eu-central-1.auth.desktop.kiro.dev',
      oidcUrl: 'https://oidc.eu-central-1.amazonaws.com',
    });
  });

  it('uses overrides verbatim apart from {region} and a trailing slash', () => {
    expect(
      kiroEndpoints({
        region: 'us-east-1',
        apiUrl: 'http://127.0.0.1:9000/',
        authUrl: 'http://127.0.0.1:9000/auth/{region}',
        oidcUrl: 'https://codewhisperer.{region}.amazonaws.com',
      }),
    ).toEqual({
      apiUrl: 'http://127.0.0.1:9000',
      authUrl: 'http://127.0.0.1:9000/auth/us-east-1',
      oidcUrl: 'https://codewhisperer.us-east-1.amazonaws.com',
    });
  });

  it('refuses a region that is not one', () => {
    expect(() => kiroEndpoints({ region: 'attacker.example#' })).toThrow(/not an AWS region/);
  });
});
