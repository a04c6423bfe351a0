import { noLimits, type VerifiedKey } from '@kirogate/contracts';
import { describe, expect, it } from 'vitest';
import { verifiedKeyFromProto, verifiedKeyToProto } from './user-service-codec.ts';

const limits = {
  user: {
    requestsPerMinute: 60,
    concurrentRequests: 4,
    dailyCredits: 12.5,
    monthlyCredits: 300,
    dailyTokens: 1e6,
  },
  key: { ...noLimits, requestsPerMinute: 10 },
};

describe('VerifyApiKey codec', () => {
  it('carries an active and a banned owner with their limits both ways', () => {
    for (const status of ['active', 'banned'] as const) {
      const key: VerifiedKey = { kind: 'user', userId: 'u-1', keyId: 'k-1', status, limits };
      const wireStatus = status === 'banned' ? 'CALLER_STATUS_BANNED' : 'CALLER_STATUS_ACTIVE';
      expect(verifiedKeyToProto(key)).toEqual({
        found: true,
        userId: 'u-1',
        keyId: 'k-1',
        status: wireStatus,
        limits,
      });
      expect(
        verifiedKeyFromProto({ found: true, userId: 'u-1', keyId: 'k-1', status: wireStatus, limits }),
      ).toEqual(key);
    }
  });

  it('answers an unknown key with found=false and reads it back as null', () => {
    expect(verifiedKeyToProto(null)).toMatchObject({ found: false });
    expect(
      verifiedKeyFromProto({
        found: false,
        userId: '',
        keyId: '',
        status: 'CALLER_STATUS_UNSPECIFIED',
        limits: null,
      }),
    ).toBeNull();
  });

  it('reads absent limit sets as no limits', () => {
    const read = verifiedKeyFromProto({
      found: true,
      userId: 'u-2',
      keyId: 'k-2',
      status: 'CALLER_STATUS_ACTIVE',
      limits: { user: null, key: null },
    });
    expect(read?.limits).toEqual({ user: noLimits, key: noLimits });
  });
});
