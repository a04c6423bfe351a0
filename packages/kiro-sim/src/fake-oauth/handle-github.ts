import type { IncomingMessage, ServerResponse } from 'node:http';
import { formFields, readBody, sendJson } from '../http-io.ts';
import { authorize } from './authorize.ts';
import type { OAuthCodeStore } from './oauth-code-store.ts';

const ERROR_DESCRIPTIONS = {
  invalid_grant: ['bad_verification_code', 'The code passed is incorrect or expired.'],
  invalid_client: [
    'incorrect_client_credentials',
    'The client_id and/or client_secret passed are incorrect.',
  ],
  redirect_uri_mismatch: [
    'redirect_uri_mismatch',
    'The redirect_uri MUST match the registered callback URL.',
  ],
} as const;

/**
 * GitHub's web flow under `/github`: `/login/oauth/authorize`, `/login/oauth/access_token` (errors
 * as a 200 with an `error` field, like GitHub) and `/api/user`. Any non-empty client secret passes.
 */
export async function handleGithub(
  store: OAuthCodeStore,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<boolean> {
  switch (`${request.method} ${path}`) {
    case 'GET /github/login/oauth/authorize':
      authorize(store, 'github', request, response);
      return true;
    case 'POST /github/login/oauth/access_token': {
      const fields = formFields(request, await readBody(request));
      const asJson = (request.headers.accept ?? '').includes('application/json');
      const answer = (body: Record<string, string>) => {
        if (asJson) sendJson(response, 200, body);
        else {
          response.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' });
          response.end(new URLSearchParams(body).toString());
        }
      };
      if (!fields.client_id || !fields.client_secret || !fields.code) {
        const [error, description] = ERROR_DESCRIPTIONS.invalid_client;
        answer({ error, error_description: description });
        return true;
      }
      const result = store.redeem('github', fields.code, {
        clientId: fields.client_id,
        ...(fields.redirect_uri !== undefined && { redirectUri: fields.redirect_uri }),
        ...(fields.code_verifier !== undefined && { codeVerifier: fields.code_verifier }),
      });
      if (!result.ok) {
        const [error, description] = ERROR_DESCRIPTIONS[result.error];
        answer({ error, error_description: description });
        return true;
      }
      answer({ access_token: result.accessToken, token_type: 'bearer', scope: 'read:user,user:email' });
      return true;
    }
    case 'GET /github/api/user': {
      const token = /^(?:Bearer|token)\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const identity = token === undefined ? undefined : store.identity('github', token);
      if (!identity) {
        sendJson(response, 401, {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
        });
        return true;
      }
      sendJson(response, 200, {
        id: identity.id,
        login: identity.login,
        name: identity.name,
        avatar_url: identity.avatarUrl,
      });
      return true;
    }
    default:
      return false;
  }
}
