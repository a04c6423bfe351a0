import type { UserServiceSettings } from '../config.ts';
import type { OAuthIdentity, OAuthProvider } from '../users/user-store.ts';

export interface OAuthProviderConfig {
  provider: OAuthProvider;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  authorizeUrl: string;
  tokenUrl: string;
  profileUrl: string;
  scope: string | undefined;
  /** LinuxDo takes client credentials only by HTTP Basic; GitHub in the form. */
  clientAuth: 'basic' | 'form';
}

/** The configured providers; one without a client id and secret is off. */
export function oauthProviders(
  config: UserServiceSettings,
): Partial<Record<OAuthProvider, OAuthProviderConfig>> {
  const providers: Partial<Record<OAuthProvider, OAuthProviderConfig>> = {};
  if (config.GITHUB_CLIENT_ID && config.GITHUB_CLIENT_SECRET) {
    providers.github = {
      provider: 'github',
      clientId: config.GITHUB_CLIENT_ID,
      clientSecret: config.GITHUB_CLIENT_SECRET,
      redirectUri: config.GITHUB_REDIRECT_URI,
      authorizeUrl: `${config.GITHUB_OAUTH_URL}/login/oauth/authorize`,
      tokenUrl: `${config.GITHUB_OAUTH_URL}/login/oauth/access_token`,
      profileUrl: `${config.GITHUB_API_URL}/user`,
      scope: 'read:user user:email',
      clientAuth: 'form',
    };
  }
  if (config.OAUTH_CLIENT_ID && config.OAUTH_CLIENT_SECRET) {
    providers.linuxdo = {
      provider: 'linuxdo',
      clientId: config.OAUTH_CLIENT_ID,
      clientSecret: config.OAUTH_CLIENT_SECRET,
      redirectUri: config.OAUTH_REDIRECT_URI,
      authorizeUrl: `${config.LINUXDO_URL}/oauth2/authorize`,
      tokenUrl: `${config.LINUXDO_URL}/oauth2/token`,
      profileUrl: `${config.LINUXDO_URL}/api/user`,
      scope: undefined,
      clientAuth: 'basic',
    };
  }
  return providers;
}

export class OAuthExchangeError extends Error {
  override readonly name = 'OAuthExchangeError';
}

/** The provider vouches for the person but the account may not log in (LinuxDo inactive/silenced). */
export class OAuthAccountRefused extends Error {
  override readonly name = 'OAuthAccountRefused';
}

const timeoutMs = 10_000;

/** Redeems the code (with the PKCE verifier) and reads the profile. Errors never carry tokens. */
export async function exchangeCode(
  provider: OAuthProviderConfig,
  code: string,
  codeVerifier: string,
): Promise<OAuthIdentity> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: provider.redirectUri,
    code_verifier: codeVerifier,
  });
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/x-www-form-urlencoded',
  };
  if (provider.clientAuth === 'basic') {
    const credentials = `${encodeURIComponent(provider.clientId)}:${encodeURIComponent(provider.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  } else {
    form.set('client_id', provider.clientId);
    form.set('client_secret', provider.clientSecret);
  }
  const tokenResponse = await fetch(provider.tokenUrl, {
    method: 'POST',
    headers,
    body: form,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const token = (await tokenResponse.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown };
  if (!tokenResponse.ok || typeof token.access_token !== 'string') {
    throw new OAuthExchangeError(
      `token exchange failed (${tokenResponse.status}${typeof token.error === 'string' ? ` ${token.error.slice(0, 40)}` : ''})`,
    );
  }
  const profileResponse = await fetch(provider.profileUrl, {
    headers: { authorization: `Bearer ${token.access_token}`, accept: 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!profileResponse.ok) throw new OAuthExchangeError(`profile request failed (${profileResponse.status})`);
  const profile = (await profileResponse.json()) as Record<string, unknown>;
  // LinuxDo reports deactivated and silenced accounts; neither may sign in here.
  if (provider.provider === 'linuxdo' && (profile.active === false || profile.silenced === true)) {
    throw new OAuthAccountRefused('account inactive or silenced');
  }
  return toIdentity(provider.provider, profile);
}

function toIdentity(provider: OAuthProvider, profile: Record<string, unknown>): OAuthIdentity {
  const id = profile.id;
  if (typeof id !== 'number' && typeof id !== 'string') throw new OAuthExchangeError('profile has no id');
  const name = [profile.login, profile.username, profile.name].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  const avatar =
    typeof profile.avatar_url === 'string'
      ? profile.avatar_url
      : typeof profile.avatar_template === 'string'
        ? profile.avatar_template.replace('{size}', '120')
        : null;
  const trust = Number(profile.trust_level);
  return {
    provider,
    providerUserId: String(id),
    username: (name ?? `${provider}-${id}`).slice(0, 64),
    avatarUrl: avatar,
    trustLevel: provider === 'linuxdo' && Number.isInteger(trust) ? trust : 0,
  };
}
