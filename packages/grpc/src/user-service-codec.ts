import { noLimits, type VerifiedKey } from '@kirogate/contracts';
import type {
  VerifyApiKeyResponse,
  VerifyApiKeyResponse__Output,
} from './generated/kirogate/users/v1/VerifyApiKeyResponse.ts';

/** VerifyApiKey's answer: `found=false` for an unknown key, the owner and limits otherwise. */
export function verifiedKeyToProto(verified: VerifiedKey | null): VerifyApiKeyResponse {
  if (verified === null) {
    return { found: false, userId: '', keyId: '', status: 'CALLER_STATUS_UNSPECIFIED', limits: null };
  }
  return {
    found: true,
    userId: verified.userId,
    keyId: verified.keyId,
    status: verified.status === 'banned' ? 'CALLER_STATUS_BANNED' : 'CALLER_STATUS_ACTIVE',
    limits: verified.limits,
  };
}

/** The gateway's side of `verifiedKeyToProto`; a missing limit set means no limits. */
export function verifiedKeyFromProto(response: VerifyApiKeyResponse__Output): VerifiedKey | null {
  if (!response.found) return null;
  return {
    kind: 'user',
    userId: response.userId,
    keyId: response.keyId,
    status: response.status === 'CALLER_STATUS_BANNED' ? 'banned' : 'active',
    limits: {
      user: { ...noLimits, ...response.limits?.user },
      key: { ...noLimits, ...response.limits?.key },
    },
  };
}
