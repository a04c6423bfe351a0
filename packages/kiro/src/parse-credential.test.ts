import { AppError } from '@kirogate/errors';
import { describe, expect, it } from 'vitest';
import { fakeRefreshToken } from './fake-refresh-token.ts';
import { parseCredential } from './parse-credential.ts';

const refreshToken = fakeRefreshToken('social');

describe('parseCredential', () => {
  it('reads the Kiro IDE social token cache shape', () => {
    const credential = parseCredential(
      {
        accessToken: 'aoaAccess',
        refreshToken,
        expiresAt: '2025-01-12T23:00:00.000Z',
        authMethod: 'social',
        provider: 'Google',
        profileArn: 'arn:aws:codewhisperer:us-east-1:123456789012:profile/ABCDEF',
        region: 'us-east-1',
      },
      'creds.json',
    );
    expect(credential).toEqual({
      authKind: 'social',
      refreshToken,
      accessToken: 'aoaAccess',
      expiresAt: new Date('2025-01-12T23:00:00.000Z'),
      profileArn: 'arn:aws:codewhisperer:us-east-1:123456789012:profile/ABCDEF',
      region: 'us-east-1',
    });
  });

  it('reads the IdC shape, taking the client from the registration side file', () => {
    const credential = parseCredential(
      {
        accessToken: 'aoaAccess',
        refreshToken,
        expiresAt: '2025-12-01T11:03:43.000Z',
        clientIdHash: 'fe42de6e9e88ee8bd3796e591bc6c860a3774d4e',
        authMethod: 'IdC',
        provider: 'BuilderId',
        region: 'eu-central-1',
      },
      'creds.json',
      { clientId: 'client-1', clientSecret: 'client-secret-1' },
    );
    expect(credential).toMatchObject({
      authKind: 'idc',
      clientId: 'client-1',
      clientSecret: 'client-secret-1',
      clientIdHash: 'fe42de6e9e88ee8bd3796e591bc6c860a3774d4e',
      region: 'eu-central-1',
    });
  });

  it('reads kiro2api entries (auth, disabled) and keeps the disabled flag', () => {
    const credential = parseCredential(
      { auth: 'IdC', refreshToken, clientId: 'c', clientSecret: 's', disabled: true },
      'creds.json entry 1',
    );
    expect(credential).toMatchObject({ authKind: 'idc', disabled: true, region: 'us-east-1' });
  });

  it('maps the auth and API region spellings', () => {
    const fromAc = parseCredential({ refreshToken, region: 'us-east-1', idcRegion: 'eu-west-1' }, 'x');
    const fromKr = parseCredential({ refreshToken, authRegion: 'ap-south-1', apiRegion: 'us-west-2' }, 'x');
    expect(fromAc.authRegion).toBe('eu-west-1');
    expect(fromKr).toMatchObject({ authRegion: 'ap-south-1', apiRegion: 'us-west-2' });
  });

  it('rejects an IdC credential without its client registration', () => {
    expect(() =>
      parseCredential({ refreshToken, authMethod: 'IdC', clientIdHash: 'abc' }, 'creds.json'),
    ).toThrow(/IdC credential needs clientId and clientSecret/);
  });

  it.each([
    ['shorter than 100 characters', `aor${'x'.repeat(90)}`],
    ['containing ...', `aor${'x'.repeat(60)}...${'y'.repeat(60)}`],
  ])('rejects a truncated refresh token (%s) without printing it', (_case, token) => {
    const error = captureError(() => parseCredential({ refreshToken: token }, 'creds.json entry 3'));
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toMatch(/^creds\.json entry 3: the refresh token looks truncated/);
    expect(error.message).not.toContain(token.slice(0, 20));
  });

  it('names the bad field but not its value when the shape is wrong', () => {
    const error = captureError(() => parseCredential({ refreshToken: 12345 }, 'creds.json'));
    expect(error.message).toMatch(/^creds\.json: refreshToken: /);
    expect(error.message).not.toContain('12345');
  });

  it('refuses a region that would change the host name', () => {
    expect(() => parseCredential({ refreshToken, region: 'evil.example/x' }, 'creds.json')).toThrow(
      /is not an AWS region/,
    );
  });

  it('normalises a configured machine id and rejects malformed ones', () => {
    const uuid = parseCredential({ refreshToken, machineId: '0123ABCD-0123-4567-89ab-0123456789ab' }, 'x');
    expect(uuid.machineId).toBe('0123abcd0123456789ab0123456789ab'.repeat(2));
    expect(() => parseCredential({ refreshToken, machineId: 'laptop' }, 'x')).toThrow(/machineId must be/);
  });

  it('accepts epoch expiries and leaves unreadable ones out so the token is refreshed', () => {
    expect(parseCredential({ refreshToken, expiresAt: 1735689600 }, 'x').expiresAt).toEqual(
      new Date('2025-01-01T00:00:00.000Z'),
    );
    expect(parseCredential({ refreshToken, expiresAt: 1735689600000 }, 'x').expiresAt).toEqual(
      new Date('2025-01-01T00:00:00.000Z'),
    );
    expect(parseCredential({ refreshToken, expiresAt: 'soon' }, 'x').expiresAt).toBeUndefined();
  });

  it('treats null optional fields as absent', () => {
    const credential = parseCredential({ refreshToken, profileArn: null, accessToken: null }, 'x');
    expect(credential).toEqual({ authKind: 'social', refreshToken, region: 'us-east-1' });
  });
});

function captureError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
