import { createHash, randomBytes } from 'node:crypto';
import type { FakeIdentity } from './fake-identity.ts';

export type OAuthProvider = 'github' | 'linuxdo';

export interface AuthorizationRequest {
  provider: OAuthProvider;
  clientId: string;
  redirectUri: string;
  identity: FakeIdentity;
  /** PKCE S256 challenge, when the client sent one. */
  codeChallenge?: string;
}

export type RedeemResult =
  | { ok: true; accessToken: string; identity: FakeIdentity }
  | { ok: false; error: 'invalid_grant' | 'invalid_client' | 'redirect_uri_mismatch' };

const CODE_TTL_MS = 10 * 60 * 1000;

/** Authorization codes (single use, 10 minutes) and the access tokens they were redeemed for. */
export class OAuthCodeStore {
  #codes = new Map<string, AuthorizationRequest & { expiresAt: number }>();
  #tokens = new Map<string, { provider: OAuthProvider; identity: FakeIdentity }>();

  issueCode(request: AuthorizationRequest): string {
    const code = randomBytes(20).toString('hex');
    this.#codes.set(code, { ...request, expiresAt: Date.now() + CODE_TTL_MS });
    return code;
  }

  redeem(
    provider: OAuthProvider,
    code: string,
    client: { clientId: string; redirectUri?: string; codeVerifier?: string },
  ): RedeemResult {
    const pending = this.#codes.get(code);
    if (!pending || pending.provider !== provider || pending.expiresAt < Date.now()) {
      return { ok: false, error: 'invalid_grant' };
    }
    this.#codes.delete(code);
    if (pending.clientId !== client.clientId) return { ok: false, error: 'invalid_client' };
    if (client.redirectUri !== undefined && client.redirectUri !== pending.redirectUri) {
      return { ok: false, error: 'redirect_uri_mismatch' };
    }
    if (pending.codeChallenge !== undefined) {
      const verifier = client.codeVerifier ?? '';
      const computed = createHash('sha256').update(verifier).digest('base64url');
      if (verifier === '' || computed !== pending.codeChallenge) return { ok: false, error: 'invalid_grant' };
    }
    const accessToken = `${provider === 'github' ? 'gho_' : 'ldo_'}${randomBytes(24).toString('base64url')}`;
    this.#tokens.set(accessToken, { provider, identity: pending.identity });
    return { ok: true, accessToken, identity: pending.identity };
  }

  identity(provider: OAuthProvider, accessToken: string): FakeIdentity | undefined {
    const entry = this.#tokens.get(accessToken);
    return entry?.provider === provider ? entry.identity : undefined;
  }

  reset(): void {
    this.#codes.clear();
    this.#tokens.clear();
  }
}
