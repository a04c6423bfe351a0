import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Fault } from './fault.ts';
import { faultNumber, formatFault } from './fault.ts';
import { parseJson, readBody, sendJson } from './http-io.ts';
import type { SimContext } from './sim-context.ts';

const INVALID_GRANT_MESSAGE = 'Invalid refresh token provided';

/** `POST /refreshToken`: the Kiro desktop (social) refresh (docs/kiro-protocol.md#social-refresh). */
export async function handleSocialRefresh(
  context: SimContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  context.stats.request('POST /refreshToken');
  const body = parseJson(await readBody(request));
  const refreshToken = stringField(body, 'refreshToken');
  if (refreshToken !== undefined) context.stats.refresh(refreshToken);
  if (await answeredByFault(context, response)) return;
  if (refreshToken === undefined) {
    sendJson(response, 400, { message: 'Improperly formed request.' });
    return;
  }
  const outcome = context.tokens.refresh(refreshToken, 'social');
  if (!outcome.ok) {
    sendJson(response, 400, { message: INVALID_GRANT_MESSAGE });
    return;
  }
  sendJson(response, 200, {
    accessToken: outcome.accessToken,
    ...(outcome.refreshToken !== undefined && { refreshToken: outcome.refreshToken }),
    expiresIn: outcome.expiresIn,
    profileArn: outcome.account.profileArn,
  });
}

/** `POST /token`: AWS SSO-OIDC CreateToken with `grantType: refresh_token` (IdC, docs/kiro-protocol.md#idc-refresh). */
export async function handleIdcRefresh(
  context: SimContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  context.stats.request('POST /token');
  const body = parseJson(await readBody(request));
  const refreshToken = stringField(body, 'refreshToken');
  if (refreshToken !== undefined) context.stats.refresh(refreshToken);
  if (await answeredByFault(context, response)) return;
  const clientId = stringField(body, 'clientId');
  const clientSecret = stringField(body, 'clientSecret');
  const grantType = stringField(body, 'grantType');
  if (refreshToken === undefined || clientId === undefined || clientSecret === undefined) {
    sendJson(response, 400, {
      error: 'invalid_request',
      error_description: 'clientId, clientSecret and refreshToken are required',
    });
    return;
  }
  if (grantType !== 'refresh_token') {
    sendJson(response, 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
    return;
  }
  const outcome = context.tokens.refresh(refreshToken, 'idc', { clientId, clientSecret });
  if (!outcome.ok) {
    if (outcome.failure === 'invalid-client') {
      sendJson(response, 401, {
        error: 'invalid_client',
        error_description: 'Invalid client credentials provided',
      });
    } else {
      sendJson(response, 400, { error: 'invalid_grant', error_description: INVALID_GRANT_MESSAGE });
    }
    return;
  }
  sendJson(response, 200, {
    accessToken: outcome.accessToken,
    ...(outcome.refreshToken !== undefined && { refreshToken: outcome.refreshToken }),
    expiresIn: outcome.expiresIn,
    tokenType: 'Bearer',
  });
}

/** Refresh endpoints honour the transport faults a token broker must retry: 429, 5xx and a slow answer. */
async function answeredByFault(context: SimContext, response: ServerResponse): Promise<boolean> {
  const faults = context.refreshFaults.next();
  for (const fault of faults) context.stats.fault(fault.name);
  const slow = faults.find((fault) => fault.name === 'slow-first-byte');
  if (slow) await sleep(faultNumber(slow, 5000));
  const failing = faults.find((fault) => fault.name !== 'slow-first-byte');
  if (!failing) return false;
  const [status, body] = refreshFaultResponse(failing);
  sendJson(
    response,
    status,
    body,
    failing.name === 'throttled' && failing.arg ? { 'retry-after': failing.arg } : {},
  );
  return true;
}

function refreshFaultResponse(fault: Fault): [number, unknown] {
  switch (fault.name) {
    case 'throttled':
      return [429, { message: 'Rate exceeded' }];
    case 'bad-gateway':
      return [502, { message: 'Bad Gateway' }];
    case 'service-unavailable':
      return [503, { message: 'Service Unavailable' }];
    default:
      return [500, { message: `Internal server error (kiro-sim fault ${formatFault(fault)})` }];
  }
}

function stringField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
