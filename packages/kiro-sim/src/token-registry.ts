import { createHash, randomBytes } from 'node:crypto';

export type AuthKind = 'social' | 'idc';
export type TokenState = 'active' | 'revoked' | 'suspended' | 'quota-exhausted';
/** rotate: a new refresh token on every refresh, the old one stays valid; revoke-rotated: the old one
 * stops working; off: the same token is kept and the response omits `refreshToken`. */
export type RotationPolicy = 'rotate' | 'revoke-rotated' | 'off';

/** One Kiro account; rotation gives it new refresh tokens but its state and usage carry over. */
export interface Account {
  /** The first refresh token of the account, which names it in stats. */
  rootRefreshToken: string;
  kind: AuthKind | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  profileArn: string;
  state: 'active' | 'suspended' | 'quota-exhausted';
  credits: number;
}

interface RefreshTokenEntry {
  account: Account;
  revoked: boolean;
}

export interface AccessTokenEntry {
  account: Account;
  /** The refresh token that was exchanged for this access token. */
  refreshToken: string;
  expiresAt: number;
}

export interface RegisteredToken {
  refreshToken: string;
  clientId?: string;
  clientSecret?: string;
}

export type RefreshOutcome =
  | { ok: true; accessToken: string; refreshToken: string | undefined; expiresIn: number; account: Account }
  | { ok: false; failure: 'invalid-grant' | 'invalid-client' };

export interface TokenRegistryOptions {
  /** When set, only these refresh tokens (and their rotations) exist; otherwise any `aor…` token does. */
  strictTokens: RegisteredToken[] | undefined;
  accessTokenTtlSeconds: number;
  rotation: RotationPolicy;
  now: () => number;
}

/** Refresh tokens, the accounts behind them and the access tokens they were exchanged for. */
export class TokenRegistry {
  readonly #options: TokenRegistryOptions;
  #refreshTokens = new Map<string, RefreshTokenEntry>();
  #accessTokens = new Map<string, AccessTokenEntry>();

  constructor(options: TokenRegistryOptions) {
    this.#options = options;
    this.reset();
  }

  /** Forgets everything issued; strict tokens are registered again. */
  reset(): void {
    this.#refreshTokens.clear();
    this.#accessTokens.clear();
    for (const token of this.#options.strictTokens ?? []) this.register(token);
  }

  register(token: RegisteredToken): Account {
    const existing = this.#refreshTokens.get(token.refreshToken);
    const account = existing?.account ?? newAccount(token.refreshToken);
    if (token.clientId !== undefined && token.clientSecret !== undefined) {
      account.kind = 'idc';
      account.clientId = token.clientId;
      account.clientSecret = token.clientSecret;
    }
    this.#refreshTokens.set(token.refreshToken, { account, revoked: existing?.revoked ?? false });
    return account;
  }

  refresh(
    refreshToken: string,
    kind: AuthKind,
    client?: { clientId: string; clientSecret: string },
  ): RefreshOutcome {
    const entry = this.#lookup(refreshToken);
    if (!entry || entry.revoked) return { ok: false, failure: 'invalid-grant' };
    const { account } = entry;
    if (account.kind !== undefined && account.kind !== kind) return { ok: false, failure: 'invalid-grant' };
    if (kind === 'idc') {
      if (!client) return { ok: false, failure: 'invalid-client' };
      if (account.clientId === undefined) {
        account.clientId = client.clientId;
        account.clientSecret = client.clientSecret;
      } else if (account.clientId !== client.clientId || account.clientSecret !== client.clientSecret) {
        return { ok: false, failure: 'invalid-client' };
      }
    }
    account.kind = kind;

    const accessToken = `aoa${randomBytes(48).toString('base64url')}`;
    const ttl = this.#options.accessTokenTtlSeconds;
    this.#accessTokens.set(accessToken, {
      account,
      refreshToken,
      expiresAt: this.#options.now() + ttl * 1000,
    });
    if (this.#options.rotation === 'off')
      return { ok: true, accessToken, refreshToken: undefined, expiresIn: ttl, account };
    const rotated = `aor${randomBytes(96).toString('base64url')}`;
    this.#refreshTokens.set(rotated, { account, revoked: false });
    if (this.#options.rotation === 'revoke-rotated') entry.revoked = true;
    return { ok: true, accessToken, refreshToken: rotated, expiresIn: ttl, account };
  }

  /** The entry of a live access token; undefined when unknown or expired. */
  authenticate(accessToken: string): AccessTokenEntry | undefined {
    const entry = this.#accessTokens.get(accessToken);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#options.now()) {
      this.#accessTokens.delete(accessToken);
      return undefined;
    }
    return entry;
  }

  /**
   * Sets a token's state. `revoked` applies to that refresh token alone; the other states describe
   * the account, so they follow it through rotations. `active` clears both. An unknown token is
   * registered first, so a test can prepare a state before the token is ever used.
   */
  setState(refreshToken: string, state: TokenState): Account {
    if (!this.#refreshTokens.has(refreshToken)) this.register({ refreshToken });
    const entry = this.#refreshTokens.get(refreshToken)!;
    entry.revoked = state === 'revoked';
    if (state !== 'revoked') entry.account.state = state;
    return entry.account;
  }

  /** Expires the access tokens of one account (named by any of its refresh tokens), or of all. */
  expireAccessTokens(refreshToken?: string): number {
    const account = refreshToken === undefined ? undefined : this.#refreshTokens.get(refreshToken)?.account;
    if (refreshToken !== undefined && !account) return 0;
    let expired = 0;
    for (const [token, entry] of this.#accessTokens) {
      if (account && entry.account !== account) continue;
      this.#accessTokens.delete(token);
      expired++;
    }
    return expired;
  }

  account(refreshToken: string): Account | undefined {
    return this.#refreshTokens.get(refreshToken)?.account;
  }

  #lookup(refreshToken: string): RefreshTokenEntry | undefined {
    const entry = this.#refreshTokens.get(refreshToken);
    if (entry || this.#options.strictTokens || !refreshToken.startsWith('aor')) return entry;
    this.register({ refreshToken });
    return this.#refreshTokens.get(refreshToken);
  }
}

function newAccount(rootRefreshToken: string): Account {
  const digest = createHash('sha256').update(rootRefreshToken).digest('hex');
  const accountNumber = BigInt(`0x${digest.slice(0, 12)}`) % 1_000_000_000_000n;
  return {
    rootRefreshToken,
    kind: undefined,
    clientId: undefined,
    clientSecret: undefined,
    profileArn: `arn:aws:codewhisperer:us-east-1:${accountNumber.toString().padStart(12, '0')}:profile/${digest.slice(12, 24).toUpperCase()}`,
    state: 'active',
    credits: 0,
  };
}
