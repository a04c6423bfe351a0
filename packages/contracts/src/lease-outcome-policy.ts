import type { ErrorCode } from '@kirogate/errors';
import type { OutcomeKind } from './credential-broker.ts';

/** What one outcome means for the credential that served the request. */
export interface OutcomePolicy {
  /**
   * The outcome says something about the credential (cooldown, quarantine, a dropped token): the
   * broker must hear of it at once, before other requests are handed the same credential, and a
   * reused lease stops being reused.
   */
  blamesCredential: boolean;
  /**
   * The failure stays with the credential whatever is retried (quota, suspension, a rejected token):
   * a retry must go to another credential, never back to this one.
   */
  boundToCredential: boolean;
}

/**
 * The one lease-outcome policy: the gateway's retry loop, its lease cache, the gRPC client and the
 * token broker all read it, so the embedded and the scaled deployment treat every outcome alike.
 */
export function outcomePolicy(kind: OutcomeKind): OutcomePolicy {
  switch (kind) {
    case 'quota-exhausted':
    case 'suspended':
    case 'unauthorized':
      return { blamesCredential: true, boundToCredential: true };
    case 'throttled':
    case 'upstream-error':
      return { blamesCredential: true, boundToCredential: false };
    case 'success':
    case 'bad-request':
    case 'client-abort':
    case 'gateway-error':
      return { blamesCredential: false, boundToCredential: false };
    default:
      return kind satisfies never;
  }
}

/** The outcome a request that failed with `code` reports for its lease. */
export function outcomeKindFor(code: ErrorCode): OutcomeKind {
  switch (code) {
    case 'UPSTREAM_THROTTLED':
      return 'throttled';
    case 'UPSTREAM_AUTH':
    case 'CALLER_CREDENTIAL_INVALID':
      return 'unauthorized';
    case 'UPSTREAM_QUOTA_EXHAUSTED':
      return 'quota-exhausted';
    case 'UPSTREAM_SUSPENDED':
      return 'suspended';
    case 'UPSTREAM_OVERLOADED':
    case 'UPSTREAM_TIMEOUT':
    case 'UPSTREAM_ERROR':
      return 'upstream-error';
    // Kiro refused the request itself: the next credential would refuse it too.
    case 'UPSTREAM_BAD_REQUEST':
    case 'CONTEXT_TOO_LONG':
    case 'CONTENT_FILTERED':
    case 'INVALID_REQUEST':
    case 'INVALID_JSON':
    case 'MODEL_NOT_FOUND':
    case 'PAYLOAD_TOO_LARGE':
      return 'bad-request';
    // Failures on our side of the wire: they say nothing about the credential.
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'NOT_FOUND':
    case 'CONFLICT':
    case 'RATE_LIMITED':
    case 'NO_CREDENTIAL_AVAILABLE':
    case 'SERVICE_UNAVAILABLE':
    case 'DEPENDENCY_UNAVAILABLE':
    case 'LOCK_TIMEOUT':
    case 'INTERNAL':
      return 'gateway-error';
    default:
      return code satisfies never;
  }
}
