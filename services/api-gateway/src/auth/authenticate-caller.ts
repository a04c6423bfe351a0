import { timingSafeEqual } from 'node:crypto';
import { type ApiKeyVerifier, type Caller, hashSecret } from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';

export interface CallerAuthOptions {
  /** SHA-256 (hex) of the gateway master key; unset means only `sk-` keys are accepted. */
  proxyKeyHash: () => string | undefined;
  verifier: ApiKeyVerifier;
}

export interface PresentedCredential {
  authorization?: string | undefined;
  xApiKey?: string | undefined;
  /** Anthropic clients send `x-api-key`; it is tried first for them. */
  preferXApiKey: boolean;
}

const USER_KEY_PATTERN = /^sk-[A-Za-z0-9_-]{16,128}$/;

/**
 * Resolves who is calling from `Authorization: Bearer …` or `x-api-key`: the proxy key (server
 * credentials), `PROXY_API_KEY:REFRESH_TOKEN` (the caller's own Kiro token, split at the first colon),
 * or a user key `sk-…`.
 */
export async function authenticateCaller(
  presented: PresentedCredential,
  options: CallerAuthOptions,
): Promise<Caller> {
  const secret = presentedSecret(presented);
  if (secret === undefined) {
    throw new AppError(
      'UNAUTHENTICATED',
      'Missing API key: send it as "Authorization: Bearer <key>" or "x-api-key".',
    );
  }
  if (secret.startsWith('sk-')) return verifyUserKey(secret, options.verifier);

  const proxyKeyHash = options.proxyKeyHash();
  if (proxyKeyHash) {
    if (constantTimeEquals(hashSecret(secret), proxyKeyHash)) return { kind: 'server' };
    const colon = secret.indexOf(':');
    if (colon > 0 && constantTimeEquals(hashSecret(secret.slice(0, colon)), proxyKeyHash)) {
      const refreshToken = secret.slice(colon + 1);
      if (refreshToken.length === 0)
        throw new AppError('UNAUTHENTICATED', 'Empty refresh token after the proxy key.');
      return { kind: 'own-token', refreshToken, refreshTokenHash: hashSecret(refreshToken) };
    }
  }
  throw new AppError('UNAUTHENTICATED', 'Invalid API key.');
}

function presentedSecret(presented: PresentedCredential): string | undefined {
  const bearer = bearerToken(presented.authorization);
  const xApiKey = presented.xApiKey?.trim() || undefined;
  return presented.preferXApiKey ? (xApiKey ?? bearer) : (bearer ?? xApiKey);
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim() || undefined;
}

async function verifyUserKey(key: string, verifier: ApiKeyVerifier): Promise<Caller> {
  if (!USER_KEY_PATTERN.test(key)) throw new AppError('UNAUTHENTICATED', 'Invalid API key.');
  const caller = await verifier.verify(hashSecret(key));
  if (caller === null) throw new AppError('UNAUTHENTICATED', 'Invalid API key.');
  if (caller.status === 'banned') throw new AppError('FORBIDDEN', 'This account has been suspended.');
  return caller;
}

function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // Compare against itself on length mismatch so the time does not depend on where strings differ.
  return left.length === right.length ? timingSafeEqual(left, right) : !timingSafeEqual(left, left);
}
