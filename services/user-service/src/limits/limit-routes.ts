import type { LimitValues } from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import type { LimitCounters } from '@kirogate/platform';
import { type Response, Router } from 'express';
import type { LimitsView } from '../contract/views.ts';
import { route } from '../http/route.ts';
import type { KeyRevocations } from '../keys/key-revocations.ts';
import type { LimitStore } from './limit-store.ts';
import { readLimitUsage } from './limit-usage.ts';
import {
  applyPatch,
  checkKeyWithinUser,
  keyLimits,
  parseLimitPatch,
  renderLimitValues,
  userLimits,
} from './limit-values.ts';

export interface LimitRouteDeps {
  store: LimitStore;
  counters: LimitCounters;
  /** From LIMIT_* settings: what a user has without an admin's override. */
  defaults: LimitValues;
  /** Gateways cache key verdicts (limits included); a change must reach them at once. */
  revocations: KeyRevocations;
  hashesOf(userId: string): Promise<string[]>;
  audit(action: string, target: string, details: Record<string, unknown>): Promise<void>;
}

/** `/user/api/limits` and `/user/api/keys/:id/limits`; mounted behind the user guard. */
export function userLimitRoutes(deps: LimitRouteDeps, currentUserId: (res: Response) => string): Router {
  const router = Router();
  route(router, 'GET /user/api/limits', (_input, _req, res) => view(deps, currentUserId(res)));
  route(router, 'PUT /user/api/keys/:id/limits', async ({ params, body }, _req, res) => {
    const userId = currentUserId(res);
    const current = await deps.store.keyLimits(userId, params.id);
    if (current === undefined) throw new AppError('NOT_FOUND', 'No such key');
    const next = applyPatch(current, parseLimitPatch(body));
    checkKeyWithinUser(next, userLimits(deps.defaults, (await deps.store.userOverrides(userId)) ?? {}));
    const hash = await deps.store.setKeyLimits(userId, params.id, next);
    if (hash === undefined) throw new AppError('NOT_FOUND', 'No such key');
    await deps.revocations.revoke([hash]);
    return { success: true, key: { id: params.id, limits: renderLimitValues(keyLimits(next)) } };
  });
  return router;
}

/** `/admin/api/users/:id/limits`; mounted behind the admin guard. */
export function adminLimitRoutes(deps: LimitRouteDeps): Router {
  const router = Router();
  route(router, 'GET /admin/api/users/:id/limits', async ({ params }) =>
    view(deps, await knownUser(deps, params.id)),
  );
  route(router, 'PUT /admin/api/users/:id/limits', async ({ params, body }) => {
    const userId = await knownUser(deps, params.id);
    const next = applyPatch((await deps.store.userOverrides(userId)) ?? {}, parseLimitPatch(body));
    if (!(await deps.store.setUserOverrides(userId, next))) throw new AppError('NOT_FOUND', 'No such user');
    await deps.revocations.revoke(await deps.hashesOf(userId));
    await deps.audit('user_limits', userId, { overrides: renderLimitValues(next) });
    return view(deps, userId);
  });
  return router;
}

async function knownUser(deps: LimitRouteDeps, userId: string): Promise<string> {
  if ((await deps.store.userOverrides(userId)) === undefined) throw new AppError('NOT_FOUND', 'No such user');
  return userId;
}

/** Limits and usage of a user and of each of their keys. */
async function view(deps: LimitRouteDeps, userId: string): Promise<LimitsView> {
  const overrides = (await deps.store.userOverrides(userId)) ?? {};
  const user = userLimits(deps.defaults, overrides);
  const keys = await deps.store.keysOf(userId);
  const [userUsage, ...keyUsage] = await readLimitUsage(deps.counters, [
    { subject: { kind: 'user', id: userId }, limits: user },
    ...keys.map((key) => ({ subject: { kind: 'key' as const, id: key.id }, limits: keyLimits(key.limits) })),
  ]);
  return {
    limits: userUsage!,
    defaults: renderLimitValues(deps.defaults),
    overrides: renderLimitValues(overrides),
    keys: keys.map((key, index) => ({
      id: key.id,
      name: key.name,
      key_prefix: key.keyPrefix,
      limits: keyUsage[index]!,
    })),
  };
}
