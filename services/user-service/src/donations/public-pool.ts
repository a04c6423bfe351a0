import type { CredentialSummary } from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import { renderDetailedPublicToken, renderPublicToken } from '../contract/render.ts';
import type { DetailedPublicPoolView, PublicPoolView } from '../contract/views.ts';
import type { SiteSettings } from '../site/site-settings.ts';
import type { UserStore } from '../users/user-store.ts';
import type { DonationService } from './donation-service.ts';

export interface PublicPoolDeps {
  donations: DonationService;
  users: UserStore;
  site: SiteSettings;
}

/** The public pool as anyone may see it: donors' names (unless anonymous), success rates, last use. */
export async function publicPool(deps: PublicPoolDeps): Promise<PublicPoolView> {
  const { pool, owner } = await poolWithOwners(deps);
  return { tokens: pool.map((token) => renderPublicToken(token, owner(token))), count: pool.length };
}

/** For logged-in users: also each token's status and use count, and the average success rate. */
export async function detailedPublicPool(deps: PublicPoolDeps): Promise<DetailedPublicPoolView> {
  const { pool, owner } = await poolWithOwners(deps);
  const tokens = pool.map((token) => renderDetailedPublicToken(token, owner(token)));
  const average =
    tokens.length === 0 ? 0 : tokens.reduce((sum, token) => sum + token.success_rate, 0) / tokens.length;
  return { tokens, count: tokens.length, avg_success_rate: Math.round(average * 10) / 10 };
}

/** The pool and its named donors, in one query for the names; closed in self-use mode. */
async function poolWithOwners(deps: PublicPoolDeps) {
  if ((await deps.site.flags()).selfUseEnabled) {
    throw new AppError('FORBIDDEN', 'The public pool is closed in self-use mode');
  }
  const pool = await deps.donations.publicPool();
  const names = await deps.users.usernames(
    pool.flatMap((token) => (!token.anonymous && token.ownerUserId ? [token.ownerUserId] : [])),
  );
  const owner = (token: CredentialSummary) =>
    token.anonymous || !token.ownerUserId ? null : (names.get(token.ownerUserId) ?? null);
  return { pool, owner };
}
