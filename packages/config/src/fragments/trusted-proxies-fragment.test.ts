import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { trustedProxiesFragment } from './trusted-proxies-fragment.ts';

const schema = z.object(trustedProxiesFragment);

describe('TRUSTED_PROXIES', () => {
  it('accepts names, addresses and CIDR ranges', () => {
    for (const value of ['loopback', '10.0.0.0/8, 192.0.2.1', 'uniquelocal,fd00::/8', '::1']) {
      expect(schema.parse({ TRUSTED_PROXIES: value }).TRUSTED_PROXIES).toBe(value);
    }
    expect(schema.parse({}).TRUSTED_PROXIES).toBe('loopback, linklocal, uniquelocal');
  });

  it('refuses what express would not understand', () => {
    for (const value of ['everyone', '10.0.0.0/33', '10.0.0.1/8/1', 'true']) {
      expect(schema.safeParse({ TRUSTED_PROXIES: value }).success).toBe(false);
    }
  });
});
