import type { IncomingMessage, ServerResponse } from 'node:http';
import { searchParams, sendJson } from '../http-io.ts';
import { fakeIdentity } from './fake-identity.ts';
import type { OAuthCodeStore, OAuthProvider } from './oauth-code-store.ts';

/**
 * The authorize page of either provider, approving at once: redirects to `redirect_uri` with a
 * code and the caller's `state`. `login_as` picks the user (and `trust_level` a LinuxDo trust level).
 */
export function authorize(
  store: OAuthCodeStore,
  provider: OAuthProvider,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const params = searchParams(request.url ?? '');
  const clientId = params.get('client_id');
  const redirectUri = params.get('redirect_uri');
  if (!clientId || !redirectUri || !URL.canParse(redirectUri)) {
    sendJson(response, 400, {
      error: 'invalid_request',
      error_description: 'client_id and redirect_uri are required',
    });
    return;
  }
  const target = new URL(redirectUri);
  const state = params.get('state');
  if (state !== null) target.searchParams.set('state', state);
  const redirectWith = (fields: Record<string, string>) => {
    for (const [name, value] of Object.entries(fields)) target.searchParams.set(name, value);
    response.writeHead(302, { location: target.toString() });
    response.end();
  };

  const challenge = params.get('code_challenge') ?? undefined;
  const method = params.get('code_challenge_method') ?? 'S256';
  if (challenge !== undefined && method !== 'S256') {
    redirectWith({ error: 'invalid_request', error_description: 'only S256 code challenges are supported' });
    return;
  }
  const trustLevel = params.has('trust_level') ? Number(params.get('trust_level')) : undefined;
  const identity = fakeIdentity(params.get('login_as') ?? 'octocat', trustLevel);
  if (!identity) {
    redirectWith({ error: 'access_denied', error_description: 'login_as or trust_level is not valid' });
    return;
  }
  const code = store.issueCode({
    provider,
    clientId,
    redirectUri,
    identity,
    ...(challenge !== undefined && { codeChallenge: challenge }),
  });
  redirectWith({ code });
}
