import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, formFields, readBody, sendJson } from '../http-io.ts';
import { authorize } from './authorize.ts';
import type { OAuthCodeStore } from './oauth-code-store.ts';

/**
 * LinuxDo Connect under `/linuxdo`: `/oauth2/authorize`, `/oauth2/token` (client credentials by HTTP
 * Basic only) and `/api/user`. Any non-empty client secret passes.
 */
export async function handleLinuxdo(
  store: OAuthCodeStore,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<boolean> {
  switch (`${request.method} ${path}`) {
    case 'GET /linuxdo/oauth2/authorize':
      authorize(store, 'linuxdo', request, response);
      return true;
    case 'POST /linuxdo/oauth2/token': {
      const fields = formFields(request, await readBody(request));
      const client = basicCredentials(request.headers.authorization);
      if (!client) {
        sendJson(response, 401, {
          error: 'invalid_client',
          error_description: 'Client authentication failed',
        });
        return true;
      }
      if (fields.grant_type !== 'authorization_code' || !fields.code) {
        sendJson(response, 400, {
          error: 'unsupported_grant_type',
          error_description: 'Use authorization_code',
        });
        return true;
      }
      const result = store.redeem('linuxdo', fields.code, {
        clientId: client.clientId,
        ...(fields.redirect_uri !== undefined && { redirectUri: fields.redirect_uri }),
        ...(fields.code_verifier !== undefined && { codeVerifier: fields.code_verifier }),
      });
      if (!result.ok) {
        const status = result.error === 'invalid_client' ? 401 : 400;
        const error = result.error === 'redirect_uri_mismatch' ? 'invalid_grant' : result.error;
        sendJson(response, status, {
          error,
          error_description: `The authorization grant is invalid (${result.error})`,
        });
        return true;
      }
      sendJson(response, 200, { access_token: result.accessToken, token_type: 'bearer', expires_in: 3600 });
      return true;
    }
    case 'GET /linuxdo/api/user': {
      const token = bearerToken(request);
      const identity = token === undefined ? undefined : store.identity('linuxdo', token);
      if (!identity) {
        sendJson(response, 401, { error: 'invalid_token', error_description: 'The access token is invalid' });
        return true;
      }
      sendJson(response, 200, {
        id: identity.id,
        username: identity.login,
        name: identity.name,
        avatar_url: identity.avatarUrl,
        trust_level: identity.trustLevel,
        active: true,
        silenced: false,
      });
      return true;
    }
    default:
      return false;
  }
}

function basicCredentials(
  header: string | undefined,
): { clientId: string; clientSecret: string } | undefined {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return undefined;
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon)),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  } catch {
    return undefined;
  }
}
