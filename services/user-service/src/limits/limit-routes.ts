import { type LimitValues, limitNames } from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import type { LimitCounters } from '@kirogate/platform';
import { type Request, type Response, Router } from 'express';
import { uuidValue } from '../http/request-fields.ts';
import type { KeyRevocations } from '../keys/key-revocations.ts';
import type { LimitStore } from './limit-store.ts';
import { readLimitUsage } from './limit-usage.ts';
import {
  applyPatch,
  checkKeyWithinUser,
  keyLimits,
  parseLimitPatch,
  type StoredLimits,
  userLimits,
  wireNames,
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
  router.get('/user/api/limits', async (_req, res) => {
    res.json(await view(deps, currentUserId(res)));
  });
  router.put('/user/api/keys/:id/limits', async (req, res) => {
    const userId = currentUserId(res);
    const keyId = uuidValue(req.params.id, 'key');
    const current = await deps.store.keyLimits(userId, keyId);
    if (current === undefined) throw new AppError('NOT_FOUND', 'No such key');
    const next = applyPatch(current, parseLimitPatch(req.body));
    checkKeyWithinUser(next, userLimits(deps.defaults, (await deps.store.userOverrides(userId)) ?? {}));
    const hash = await deps.store.setKeyLimits(userId, keyId, next);
    if (hash === undefined) throw new AppError('NOT_FOUND', 'No such key');
    await deps.revocations.revoke([hash]);
    res.json({ success: true, key: { id: keyId, limits: wire(keyLimits(next)) } });
  });
  return router;
}

/** `/admin/api/users/:id/limits`; mounted behind the admin guard. */
export function adminLimitRoutes(deps: LimitRouteDeps): Router {
  const router = Router();
  router.get('/admin/api/users/:id/limits', async (req, res) => {
    res.json(await view(deps, await knownUser(deps, req)));
  });
  router.put('/admin/api/users/:id/limits', async (req, res) => {
    const userId = await knownUser(deps, req);
    const patch = parseLimitPatch(req.body);
    const next = applyPatch((await deps.store.userOverrides(userId)) ?? {}, patch);
    if (!(await deps.store.setUserOverrides(userId, next))) throw new AppError('NOT_FOUND', 'No such user');
    await deps.revocations.revoke(await deps.hashesOf(userId));
    await deps.audit('user_limits', userId, { overrides: wire(next) });
    res.json(await view(deps, userId));
  });
  return router;
}

async function knownUser(deps: LimitRouteDeps, req: Request): Promise<string> {
  const userId = uuidValue(req.params.id, 'user');
  if ((await deps.store.userOverrides(userId)) === undefined) throw new AppError('NOT_FOUND', 'No such user');
  return userId;
}

/** Limits and usage of a user and of each of their keys. */
async function view(deps: LimitRouteDeps, userId: string) {
  const overrides = (await deps.store.userOverrides(userId)) ?? {};
  const user = userLimits(deps.defaults, overrides);
  const keys = await deps.store.keysOf(userId);
  const [userUsage, ...keyUsage] = await readLimitUsage(deps.counters, [
    { subject: { kind: 'user', id: userId }, limits: user },
    ...keys.map((key) => ({ subject: { kind: 'key' as const, id: key.id }, limits: keyLimits(key.limits) })),
  ]);
  return {
    limits: userUsage,
    defaults: wire(deps.defaults),
    overrides: wire(overrides),
    keys: keys.map((key, index) => ({
      id: key.id,
      name: key.name,
      key_prefix: key.keyPrefix,
      limits: keyUsage[index],
    })),
  };
}

function wire(limits: StoredLimits): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of limitNames) {
    const value = limits[name];
    if (value !== undefined) out[wireNames[name]] = value;
  }
  return out;
}
