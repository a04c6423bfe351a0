import { describe, expect, it } from 'vitest';
import { CookieSigner, readCookie } from './session-cookie.ts';

describe('CookieSigner', () => {
  const signer = new CookieSigner('a-secret-of-some-length');

  it('round-trips an id and refuses altered ids, altered macs, other purposes and other secrets', () => {
    const value = signer.sign('user', 'session-id-1');
    expect(signer.unsign('user', value)).toBe('session-id-1');
    expect(signer.unsign('user', value.replace('session-id-1', 'session-id-2'))).toBeUndefined();
    expect(signer.unsign('user', `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(signer.unsign('admin', value)).toBeUndefined();
    expect(new CookieSigner('another-secret-value').unsign('user', value)).toBeUndefined();
    expect(signer.unsign('user', 'no-dot-at-all')).toBeUndefined();
  });
});

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('a=1; user_session=abc%2Edef; b=2', 'user_session')).toBe('abc.def');
    expect(readCookie('a=1', 'user_session')).toBeUndefined();
    expect(readCookie(undefined, 'user_session')).toBeUndefined();
    expect(readCookie('user_session=%E0%A4%A', 'user_session')).toBeUndefined();
  });
});
