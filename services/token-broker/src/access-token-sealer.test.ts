import { randomBytes } from 'node:crypto';
import { createKeyring, EncryptionKey } from '@kirogate/db';
import { describe, expect, it } from 'vitest';
import { AccessTokenSealer } from './access-token-sealer.ts';

const entry = { accessToken: 'aoaSECRETACCESSTOKEN', expiresAt: 1 };

describe('AccessTokenSealer', () => {
  it('encrypts what goes to a shared cache, bound to its cache key', () => {
    const sealer = new AccessTokenSealer(createKeyring(new EncryptionKey(randomBytes(32))));
    const sealed = sealer.seal(entry, 'access:c1');
    expect(sealed).not.toContain('aoaSECRET');
    expect(sealer.open(sealed, 'access:c1')).toEqual(entry);
    expect(sealer.open(sealed, 'access:c2')).toBeUndefined();
  });

  it('seals for the in-process cache too, with a key of its own process', () => {
    const sealer = AccessTokenSealer.ephemeral();
    const sealed = sealer.seal({ ...entry, ownToken: 'aorOWNREFRESHTOKEN' }, 'lease:l1');
    expect(sealed).not.toContain('aorOWN');
    expect(sealed).not.toContain('aoaSECRET');
    expect(sealer.open(sealed, 'lease:l1')).toMatchObject({ ownToken: 'aorOWNREFRESHTOKEN' });
    expect(AccessTokenSealer.ephemeral().open(sealed, 'lease:l1')).toBeUndefined();
    expect(sealer.open('not json', 'lease:l1')).toBeUndefined();
  });
});
