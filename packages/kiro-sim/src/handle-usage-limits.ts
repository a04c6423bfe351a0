import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, sendJson, sendKiroError } from './http-io.ts';
import { BEARER_TOKEN_INVALID } from './kiro-error-body.ts';
import type { SimContext } from './sim-context.ts';

/**
 * `GET /getUsageLimits?…` (docs/kiro-protocol.md#getusagelimits). Usage is the account's metered credits, so a gateway
 * can watch it grow; a quota-exhausted account reports its whole limit used.
 */
export function handleUsageLimits(
  context: SimContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  context.stats.request('GET /getUsageLimits');
  const auth = context.tokens.authenticate(bearerToken(request) ?? '');
  if (!auth) {
    sendKiroError(response, BEARER_TOKEN_INVALID);
    return;
  }
  const limit = context.options.creditLimit;
  const { account } = auth;
  const used = account.state === 'quota-exhausted' ? Math.max(limit, account.credits) : account.credits;
  const now = new Date(context.options.now());
  const reset = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  const resetSeconds = reset / 1000;
  sendJson(response, 200, {
    subscriptionInfo: {
      subscriptionTitle: 'KIRO FREE',
      type: 'Q_DEVELOPER_STANDALONE_FREE',
      overageCapability: 'OVERAGE_INCAPABLE',
      upgradeCapability: 'UPGRADE_CAPABLE',
    },
    userInfo: {
      email: `${account.profileArn.split('/').at(-1)?.toLowerCase()}@kiro-sim.example`,
      userId: account.profileArn,
    },
    daysUntilReset: Math.ceil((reset - now.getTime()) / 86_400_000),
    nextDateReset: resetSeconds,
    usageBreakdownList: [
      {
        resourceType: 'CREDIT',
        displayName: 'Credit',
        displayNamePlural: 'Credits',
        unit: 'INVOCATIONS',
        usageLimit: limit,
        usageLimitWithPrecision: limit,
        currentUsage: Math.floor(used),
        currentUsageWithPrecision: Math.round(used * 10_000) / 10_000,
        nextDateReset: resetSeconds,
      },
    ],
  });
}
