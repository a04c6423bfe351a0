import type { CallerLimits } from './limits.ts';

/**
 * Who is calling the gateway, after authentication. Secrets never travel inside a Caller except the
 * combined-mode refresh token, which the token broker needs to lease the caller's own credential.
 */
export type Caller =
  | { kind: 'server' }
  | { kind: 'own-token'; refreshToken: string; refreshTokenHash: string }
  | { kind: 'user'; userId: string; keyId: string; status: 'active' | 'banned'; limits: CallerLimits };

/** A stable, non-secret label for logs, rate-limit keys and usage records. */
export function callerLabel(caller: Caller): string {
  switch (caller.kind) {
    case 'server':
      return 'server';
    case 'own-token':
      return `own:${caller.refreshTokenHash.slice(0, 16)}`;
    case 'user':
      return `user:${caller.userId}`;
  }
}
