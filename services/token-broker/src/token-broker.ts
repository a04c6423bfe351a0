import { randomUUID } from 'node:crypto';
import {
  type Caller,
  type CredentialBroker,
  type Lease,
  type LeaseOutcome,
  type LeaseRequest,
  outcomePolicy,
} from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import { isPermanentRefreshError, machineIdFor } from '@kirogate/kiro';
import type { Cache, Locker } from '@kirogate/platform';
import { AccessTokenSealer } from './access-token-sealer.ts';
import {
  applyOutcome,
  type CooldownClass,
  type CooldownPolicy,
  type CredentialHealth,
  defaultCooldownPolicy,
} from './cooldown-policy.ts';
import type { CredentialRecord, CredentialStatus, RefreshedTokens } from './credential-record.ts';
import type { CredentialStore } from './credential-store.ts';
import { isServing, pickCredential } from './pick-credential.ts';
import { SharedSchedulerState } from './shared-scheduler-state.ts';

export type RefreshFn = (credential: CredentialRecord) => Promise<RefreshedTokens>;

/** Observations for metrics; every hook is optional and must not throw. */
export interface TokenBrokerEvents {
  leased?(result: 'ok' | 'no_credential' | 'error'): void;
  refreshed?(result: 'ok' | 'reused' | 'permanent_failure' | 'failure'): void;
  lockWaited?(seconds: number): void;
  cooledDown?(cooldown: CooldownClass): void;
  statusChanged?(credentialId: string, status: CredentialStatus, reason: string): void;
}

export interface TokenBrokerOptions {
  store: CredentialStore;
  refresh: RefreshFn;
  locker: Locker;
  /** Shared cache (Redis in the scaled deployment): access tokens, leases, in-flight, health, affinity. */
  cache: Cache;
  /** Per-visitor entries (session affinity); defaults to `cache`. */
  visitorCache?: Cache;
  /** Seals access tokens and combined-mode refresh tokens in the cache; replicas must share its key. */
  sealer?: AccessTokenSealer;
  /** Refresh when the access token expires within this margin. */
  refreshMarginMs: number;
  /** Region and profileArn for combined-mode callers' own tokens. */
  ownTokenDefaults: { region: string; profileArn?: string };
  maxInFlightPerCredential: number;
  /** Self-use mode (the admin's site switch): the public pool is closed. Off when absent. */
  selfUse?: () => Promise<boolean>;
  cooldown?: CooldownPolicy;
  /** When a quota-exhausted credential's quota resets (getUsageLimits), if it can be found out. */
  quotaResetFor?: (
    credential: CredentialRecord,
    accessToken: string | undefined,
  ) => Promise<Date | undefined>;
  now?: () => number;
  /** Called with the reason whenever a credential is disabled or quarantined. */
  onStatusChange?: (credentialId: string, status: string, reason: string) => void;
  events?: TokenBrokerEvents;
  /** Failures of work that no caller waits for (applying a success); ignored by default. */
  onBackgroundError?: (error: unknown, context: string) => void;
}

interface CachedAccess {
  accessToken: string;
  expiresAt: number;
  profileArn?: string;
}

/** A lease as every replica sees it; the combined-mode refresh token travels sealed. */
interface LeaseEntry {
  credentialId: string;
  source: CredentialRecord['source'];
  /** Set once RefreshLease forced a refresh: an unauthorized outcome after it disables the credential. */
  refreshed: boolean;
  ownToken?: string;
}

const OWN_TOKEN_TTL_MS = 3_600_000;
const LEASE_TTL_MS = 3_600_000;
const REFRESH_LOCK = { ttlMs: 30_000, waitMs: 45_000 };
const MAX_LEASE_ATTEMPTS = 3;
const POOL_MAX_AGE_MS = 30_000;

/**
 * Hands out Kiro credentials with a fresh access token. Refreshes are single-flight across replicas:
 * one lock per credential, the cache re-read after taking it, and the rotated refresh token persisted
 * before the lock is released. Scheduling state (leases, in-flight counts, health, cooldowns, affinity)
 * lives in the shared cache, so any replica can take a report for a lease another one handed out.
 */
export class TokenBroker implements CredentialBroker {
  readonly #options: TokenBrokerOptions;
  readonly #cooldown: CooldownPolicy;
  readonly #now: () => number;
  readonly #sealer: AccessTokenSealer;
  readonly #state: SharedSchedulerState;
  readonly #localRefreshes = new Map<string, Promise<CachedAccess>>();
  readonly #events: TokenBrokerEvents;
  #pool: { version: number; at: number; records: CredentialRecord[] } | undefined;
  /** The read of the pool in flight, if any, shared by every lease that needs it. */
  #reading: { version: number; records: Promise<CredentialRecord[]> } | undefined;
  readonly #background = new Set<Promise<unknown>>();

  constructor(options: TokenBrokerOptions) {
    this.#options = options;
    this.#cooldown = options.cooldown ?? defaultCooldownPolicy;
    this.#now = options.now ?? Date.now;
    this.#sealer = options.sealer ?? AccessTokenSealer.ephemeral();
    this.#state = new SharedSchedulerState(options.cache, options.visitorCache);
    this.#events = options.events ?? {};
  }

  async lease(request: LeaseRequest): Promise<Lease> {
    // A pool credential whose refresh fails is skipped for the next one (a rejected one is already
    // marked invalid); the caller only sees the failure when no credential could be refreshed.
    const failed = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      let credential: CredentialRecord;
      let prefetched: CachedAccess | undefined;
      try {
        ({ credential, prefetched } = await this.#choose(request, failed));
      } catch (error) {
        const noCredential = error instanceof AppError && error.code === 'NO_CREDENTIAL_AVAILABLE';
        this.#events.leased?.(noCredential ? 'no_credential' : 'error');
        throw error;
      }
      try {
        return await this.#leaseOn(credential, request, prefetched);
      } catch (error) {
        if (credential.source === 'own' || attempt >= MAX_LEASE_ATTEMPTS) {
          this.#events.leased?.('error');
          throw error;
        }
        failed.add(credential.id);
      }
    }
  }

  async #leaseOn(
    credential: CredentialRecord,
    request: LeaseRequest,
    prefetched: CachedAccess | undefined,
  ): Promise<Lease> {
    // The caller's token as presented: a forced refresh later must use it, not a rotation of it.
    const presented = credential.refreshToken;
    const access =
      prefetched && this.#isFresh(prefetched.expiresAt)
        ? prefetched
        : await this.#freshAccess(credential, false);
    const leaseId = randomUUID();
    const entry: LeaseEntry = { credentialId: credential.id, source: credential.source, refreshed: false };
    if (credential.source === 'own') entry.ownToken = presented;
    await Promise.all([
      this.#saveLease(leaseId, entry),
      this.#state.addInFlight(credential.id, 1),
      request.sessionKey && credential.source !== 'own'
        ? this.#state.setAffinity(request.sessionKey, credential.id)
        : undefined,
    ]);
    this.#events.leased?.('ok');
    return this.#toLease(leaseId, credential, access);
  }

  async refreshLease(leaseId: string): Promise<Lease> {
    const entry = await this.#loadLease(leaseId);
    if (!entry) throw new AppError('NOT_FOUND', 'Unknown or finished lease.');
    const credential = await this.#credentialOf(entry);
    if (!credential) throw new AppError('NOT_FOUND', 'The leased credential no longer exists.');
    const access = await this.#freshAccess(credential, true);
    await this.#saveLease(leaseId, { ...entry, refreshed: true });
    return this.#toLease(leaseId, credential, access);
  }

  report(leaseId: string, outcome: LeaseOutcome): void {
    void this.settle(leaseId, outcome).catch(() => undefined);
  }

  /**
   * `report`, awaitable: ends the lease (in-flight count down) and applies the outcome. A failure's
   * cooldown or quarantine is in place when this resolves; the bookkeeping of a success (health
   * counters, usage columns) finishes in the background, so a batch of reports is acknowledged fast.
   * False when the lease was unknown.
   */
  async settle(leaseId: string, outcome: LeaseOutcome): Promise<boolean> {
    const entry = await this.#loadLease(leaseId);
    if (!entry) return false;
    await Promise.all([
      this.#options.cache.delete(leaseKey(leaseId)),
      this.#state.addInFlight(entry.credentialId, -1),
    ]);
    if (entry.source === 'own') return true;
    const applying = this.#applyOutcome(entry, outcome);
    if (outcomePolicy(outcome.kind).blamesCredential) {
      await applying;
      return true;
    }
    const tracked = applying.catch((error: unknown) =>
      this.#options.onBackgroundError?.(error, 'applying an outcome'),
    );
    this.#background.add(tracked);
    void tracked.finally(() => this.#background.delete(tracked));
    return true;
  }

  /** Waits for outcomes still being applied in the background (graceful shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#background]);
  }

  async #applyOutcome(entry: LeaseEntry, outcome: LeaseOutcome): Promise<void> {
    const id = entry.credentialId;
    // Only a quota verdict needs the stored record (for its reset date): this runs once per request,
    // and success/fail/credit counters come from the usage events the worker ingests, not from here.
    let quotaResetAt: number | undefined;
    if (outcome.kind === 'quota-exhausted') {
      const record = await this.#options.store.get(id);
      if (record) quotaResetAt = (await this.#quotaReset(record))?.getTime();
    }
    const applied = quotaResetAt === undefined ? outcome : { ...outcome, quotaResetAt };
    const before = await this.#state.health(id);
    const health = await this.#state.updateHealth(id, (current) =>
      applyOutcome(current, applied, this.#now(), this.#cooldown),
    );
    if (health.coolingUntil > before.coolingUntil && health.coolingReason) {
      this.#events.cooledDown?.(health.coolingReason);
    }
    await this.#afterOutcome(entry, outcome, health, quotaResetAt);
  }

  /** Pool view for health endpoints and metrics. */
  async poolStatus(): Promise<{
    total: number;
    byStatus: Record<CredentialStatus, number>;
    coolingDown: number;
    inFlight: number;
    active: number;
    publicCapacity: number;
  }> {
    const records = await this.#options.store.list();
    const now = this.#now();
    const snapshot = await this.#state.snapshot(records.map((record) => record.id));
    const byStatus: Record<CredentialStatus, number> = {
      active: 0,
      invalid: 0,
      disabled: 0,
      suspended: 0,
      quota_exhausted: 0,
    };
    let coolingDown = 0;
    let inFlight = 0;
    let publicServing = 0;
    for (const record of records) {
      byStatus[record.status] += 1;
      if (record.source === 'donated' && record.visibility === 'public' && isServing(record, now)) {
        publicServing += 1;
      }
      const state = snapshot.get(record.id);
      if (record.status === 'active' && (state?.health.coolingUntil ?? 0) > now) coolingDown += 1;
      inFlight += state?.inFlight ?? 0;
    }
    return {
      total: records.length,
      byStatus,
      coolingDown,
      inFlight,
      active: byStatus.active,
      publicCapacity: publicServing * this.#options.maxInFlightPerCredential,
    };
  }

  /** Forgets cooldowns and the unauthorized streak, e.g. after an admin re-enables a credential. */
  async resetHealth(credentialId: string): Promise<void> {
    await this.#state.clearHealth(credentialId);
  }

  /**
   * Tells every replica that the pool changed (a credential added, removed, enabled, disabled or
   * quarantined): their next lease re-reads it from the store instead of their in-process copy.
   */
  async poolChanged(): Promise<void> {
    await this.#state.bumpPoolVersion();
  }

  /**
   * The pool as of its latest change. A lease reads one Redis counter instead of the whole table;
   * the copy is re-read when the counter moved, and at least every POOL_MAX_AGE_MS regardless.
   */
  async #records(): Promise<CredentialRecord[]> {
    const version = await this.#state.poolVersion();
    const now = this.#now();
    const pool = this.#pool;
    if (pool && pool.version === version && now - pool.at < POOL_MAX_AGE_MS) return pool.records;
    // Every lease that finds the copy stale meanwhile waits for the same read: a burst of leases
    // after it expired read the whole table once each, and held every pooled connection doing so.
    if (this.#reading?.version === version) return this.#reading.records;
    const records = this.#options.store.list();
    const reading = { version, records };
    this.#reading = reading;
    try {
      const read = await records;
      this.#pool = { version, at: now, records: read };
      return read;
    } finally {
      if (this.#reading === reading) this.#reading = undefined;
    }
  }

  /** A fresh access token for a stored credential (health checks); refreshes only when needed. */
  async accessFor(credential: CredentialRecord, force = false): Promise<CachedAccess> {
    return this.#freshAccess(credential, force);
  }

  async #afterOutcome(
    entry: LeaseEntry,
    outcome: LeaseOutcome,
    health: CredentialHealth,
    quotaResetAt: number | undefined,
  ): Promise<void> {
    const id = entry.credentialId;
    switch (outcome.kind) {
      case 'suspended':
        await this.#setStatus(id, 'suspended', 'Kiro reports the account as suspended');
        return;
      case 'quota-exhausted':
        await this.#setStatus(
          id,
          'quota_exhausted',
          'Kiro reports the monthly quota as used up',
          new Date(quotaResetAt ?? health.coolingUntil),
        );
        return;
      case 'unauthorized':
        // The gateway forces one refresh per lease (RefreshLease); still rejected after it, or rejected
        // twice in a row, the credential is out. A first rejection only drops the cached token.
        if (entry.refreshed || health.consecutiveUnauthorized >= 2) {
          await this.#setStatus(id, 'invalid', 'Kiro rejected a freshly refreshed access token');
        } else {
          await this.#options.cache.delete(accessKey(id));
        }
        return;
      default:
        return;
    }
  }

  async #quotaReset(record: CredentialRecord): Promise<Date | undefined> {
    const now = this.#now();
    if (record.quotaResetAt && record.quotaResetAt.getTime() > now) return record.quotaResetAt;
    if (!this.#options.quotaResetFor) return undefined;
    const cached = this.#sealer.open<CachedAccess>(
      await this.#options.cache.get<string>(accessKey(record.id)),
      accessKey(record.id),
    );
    try {
      return await this.#options.quotaResetFor(record, cached?.accessToken);
    } catch {
      return undefined;
    }
  }

  /** The credential to lease and, read in the same round trip, its cached access token if any. */
  async #choose(
    request: LeaseRequest,
    failed: ReadonlySet<string>,
  ): Promise<{ credential: CredentialRecord; prefetched: CachedAccess | undefined }> {
    if (request.caller.kind === 'own-token') {
      return { credential: this.#ownCredential(request.caller), prefetched: undefined };
    }
    const now = this.#now();
    const [records, pinnedId, selfUse] = await Promise.all([
      this.#records(),
      request.sessionKey ? this.#state.affinity(request.sessionKey) : undefined,
      this.#options.selfUse?.() ?? false,
    ]);
    const candidates = records.filter((record) => isServing(record, now) && !failed.has(record.id));
    const snapshot = await this.#state.snapshot(
      candidates.map((record) => record.id),
      accessKey,
    );
    const picked = pickCredential({
      caller: request.caller,
      records: candidates,
      exclude: new Set(request.exclude ?? []),
      pinnedId,
      now,
      health: (id) => snapshot.get(id)!.health,
      inFlight: (id) => snapshot.get(id)?.inFlight ?? 0,
      maxInFlight: this.#options.maxInFlightPerCredential,
      selfUse,
    });
    if (!picked) throw noCredentialError(candidates, (id) => snapshot.get(id)?.health.coolingUntil ?? 0, now);
    const sealed = snapshot.get(picked.id)?.extra;
    const key = accessKey(picked.id);
    return {
      credential: picked,
      prefetched: typeof sealed === 'string' ? this.#sealer.open<CachedAccess>(sealed, key) : undefined,
    };
  }

  #ownCredential(caller: Extract<Caller, { kind: 'own-token' }>): CredentialRecord {
    return this.#ownRecord(caller.refreshToken, caller.refreshTokenHash);
  }

  #ownRecord(refreshToken: string, refreshTokenHash: string): CredentialRecord {
    const record: CredentialRecord = {
      id: `own:${refreshTokenHash.slice(0, 32)}`,
      source: 'own',
      authKind: 'social',
      refreshToken,
      region: this.#options.ownTokenDefaults.region,
      visibility: 'private',
      status: 'active',
    };
    if (this.#options.ownTokenDefaults.profileArn)
      record.profileArn = this.#options.ownTokenDefaults.profileArn;
    return record;
  }

  async #credentialOf(entry: LeaseEntry): Promise<CredentialRecord | undefined> {
    if (entry.source !== 'own') return this.#options.store.get(entry.credentialId);
    if (!entry.ownToken) return undefined;
    const record = this.#ownRecord(entry.ownToken, '');
    record.id = entry.credentialId;
    return record;
  }

  async #saveLease(leaseId: string, entry: LeaseEntry): Promise<void> {
    await this.#options.cache.set(
      leaseKey(leaseId),
      this.#sealer.seal(entry, leaseKey(leaseId)),
      LEASE_TTL_MS,
    );
  }

  async #loadLease(leaseId: string): Promise<LeaseEntry | undefined> {
    const key = leaseKey(leaseId);
    return this.#sealer.open<LeaseEntry>(await this.#options.cache.get<string>(key), key);
  }

  /** In-process single flight first (cheap), then the cross-replica lock. */
  async #freshAccess(credential: CredentialRecord, force: boolean): Promise<CachedAccess> {
    const key = `${credential.id}:${force ? 'force' : 'fresh'}`;
    const pending = this.#localRefreshes.get(key);
    if (pending) return pending;
    const work = this.#freshAccessLocked(credential, force);
    this.#localRefreshes.set(key, work);
    try {
      return await work;
    } finally {
      this.#localRefreshes.delete(key);
    }
  }

  async #readAccess(credentialId: string): Promise<CachedAccess | undefined> {
    const key = accessKey(credentialId);
    return this.#sealer.open<CachedAccess>(await this.#options.cache.get<string>(key), key);
  }

  async #freshAccessLocked(credential: CredentialRecord, force: boolean): Promise<CachedAccess> {
    const before = await this.#readAccess(credential.id);
    const staleToken = force ? before?.accessToken : undefined;
    if (!force && before && this.#isFresh(before.expiresAt)) return before;
    const waitStarted = performance.now();
    return this.#options.locker.withLock(`refresh:${credential.id}`, REFRESH_LOCK, async () => {
      this.#events.lockWaited?.((performance.now() - waitStarted) / 1000);
      // Another replica may have refreshed while we waited for the lock.
      const current = await this.#readAccess(credential.id);
      if (current && this.#isFresh(current.expiresAt) && (!force || current.accessToken !== staleToken)) {
        this.#events.refreshed?.('reused');
        return current;
      }
      const latest =
        credential.source === 'own'
          ? credential
          : ((await this.#options.store.get(credential.id)) ?? credential);
      let tokens: RefreshedTokens;
      try {
        tokens = await this.#options.refresh(latest);
      } catch (error) {
        const permanent = isPermanentRefreshError(error);
        this.#events.refreshed?.(permanent ? 'permanent_failure' : 'failure');
        if (permanent) {
          if (credential.source === 'own') {
            throw new AppError(
              'CALLER_CREDENTIAL_INVALID',
              'Kiro rejected the refresh token sent with this request.',
            );
          }
          await this.#setStatus(credential.id, 'invalid', (error as AppError).message);
        }
        // A failed refresh is no reason to stop using an access token that still works.
        if (current && current.expiresAt > this.#now() && !force && !permanent) return current;
        throw error;
      }
      if (credential.source !== 'own') await this.#options.store.saveRefreshed(credential.id, tokens);
      credential.refreshToken = tokens.refreshToken;
      const access: CachedAccess = { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt.getTime() };
      const profileArn = tokens.profileArn ?? credential.profileArn;
      if (profileArn) access.profileArn = profileArn;
      const ttl = Math.max(
        1_000,
        Math.min(
          access.expiresAt - this.#now(),
          credential.source === 'own' ? OWN_TOKEN_TTL_MS : Number.MAX_SAFE_INTEGER,
        ),
      );
      const key = accessKey(credential.id);
      await this.#options.cache.set(key, this.#sealer.seal(access, key), ttl);
      this.#events.refreshed?.('ok');
      return access;
    });
  }

  #isFresh(expiresAt: number): boolean {
    return expiresAt - this.#now() > this.#options.refreshMarginMs;
  }

  async #setStatus(id: string, status: CredentialStatus, reason: string, until?: Date): Promise<void> {
    await this.#options.store.setStatus(id, status, reason, until);
    await this.#state.bumpPoolVersion();
    this.#options.onStatusChange?.(id, status, reason);
    this.#events.statusChanged?.(id, status, reason);
  }

  #toLease(leaseId: string, credential: CredentialRecord, access: CachedAccess): Lease {
    const lease: Lease = {
      leaseId,
      credentialId: credential.id,
      accessToken: access.accessToken,
      authKind: credential.authKind,
      region: credential.apiRegion ?? credential.region,
      machineId: machineIdFor(credential),
      expiresAt: new Date(access.expiresAt),
    };
    const profileArn = access.profileArn ?? credential.profileArn;
    if (credential.authKind === 'social' && profileArn) lease.profileArn = profileArn;
    return lease;
  }
}

function accessKey(credentialId: string): string {
  return `broker:access:${credentialId}`;
}

function leaseKey(leaseId: string): string {
  return `broker:lease:${leaseId}`;
}

/**
 * When every credential rests, the caller learns when the first one comes back (a quota cooldown can
 * last an hour, a throttle seconds) instead of a guess.
 */
function noCredentialError(
  candidates: readonly CredentialRecord[],
  coolingUntil: (id: string) => number,
  now: number,
): AppError {
  const ends = candidates.map((record) => coolingUntil(record.id)).filter((until) => until > now);
  if (ends.length === 0) {
    return new AppError('NO_CREDENTIAL_AVAILABLE', 'No Kiro credential is available right now.', {
      retryAfterSeconds: 5,
    });
  }
  const seconds = Math.max(1, Math.ceil((Math.min(...ends) - now) / 1000));
  return new AppError(
    'NO_CREDENTIAL_AVAILABLE',
    `No Kiro credential is available right now; one cooling down after upstream errors is back in ${seconds}s.`,
    { retryAfterSeconds: seconds },
  );
}
