import { randomUUID } from 'node:crypto';
import {
  type Caller,
  type LimitName,
  type LimitSubject,
  type LimitValues,
  limitCounter,
  limitNames,
} from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import type { BudgetCharge, LimitCheck, LimitCounters } from '@kirogate/platform';
import { refusalMessage } from './refusal-message.ts';

export interface LimitGuardOptions {
  counters: LimitCounters;
  /**
   * Largest share (percent) of the public pool's in-flight capacity one user may hold; 0 = no cap. The
   * cap is `max(1, floor(capacity × percent / 100))` open requests.
   */
  poolSharePercent: number;
  /** MAX_IN_FLIGHT_PER_CREDENTIAL × active public credentials, from token-broker; 0 when unknown. */
  poolCapacity: () => Promise<number>;
  /** How long the pool capacity is reused before asking the broker again. */
  poolCapacityTtlMs?: number;
  /** A slot not renewed within this time frees itself (a replica that died cannot keep it). */
  slotTtlMs?: number;
  onError: (error: unknown, context: string) => void;
  now?: () => number;
}

/** Held while a request runs; `release` frees its concurrency slots (idempotent). */
export interface Admission {
  release(): void;
}

/** What a finished request costs, from the usage numbers the gateway already computes. */
export interface FinishedUsage {
  userId: string | null;
  keyId: string | null;
  credits: number | null;
  inputTokens: number;
  outputTokens: number;
}

const noAdmission: Admission = { release: () => undefined };
/** A counter kept only for display (the user or key has no limit of that kind) never refuses. */
const unlimited = Number.MAX_SAFE_INTEGER;

interface Check {
  check: LimitCheck;
  name: LimitName | 'poolShare';
  subject: LimitSubject;
  limit: number;
  resetsAtMs: number | null;
  /** For the pool share: the capacity it is a share of. */
  poolCapacity?: number;
}

/**
 * Per-user and per-key limits for `sk-` callers: requests per minute, concurrent requests, daily and
 * monthly credits, daily tokens, and the user's share of the public pool. Checked atomically before a
 * request starts; credits and tokens are charged when it finishes, so a budget can be overrun by the
 * requests already running when it was reached, never by a new one.
 */
export class LimitGuard {
  readonly #options: LimitGuardOptions;
  readonly #now: () => number;
  readonly #slotTtlMs: number;
  /** Open admissions: slot id → the keys holding it, renewed together. */
  readonly #held = new Map<string, string[]>();
  #renewTimer: NodeJS.Timeout | undefined;
  #capacity: { value: number; at: number } | undefined;
  #capacityLookup: Promise<number> | undefined;

  constructor(options: LimitGuardOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#slotTtlMs = options.slotTtlMs ?? 120_000;
  }

  /** Throws RATE_LIMITED (429 with retry-after) naming the limit that refused. */
  async admit(caller: Caller): Promise<Admission> {
    if (caller.kind !== 'user') return noAdmission;
    const now = new Date(this.#now());
    const checks = [
      ...this.#checksFor({ kind: 'user', id: caller.userId }, caller.limits.user, now),
      ...this.#checksFor({ kind: 'key', id: caller.keyId }, caller.limits.key, now),
    ];
    const share = await this.#poolShare();
    if (share !== undefined) {
      const conc = limitCounter('concurrentRequests', { kind: 'user', id: caller.userId }, now);
      checks.push({
        check: { kind: 'slots', key: conc.key, limit: share.cap },
        name: 'poolShare',
        subject: { kind: 'user', id: caller.userId },
        limit: share.cap,
        resetsAtMs: null,
        poolCapacity: share.capacity,
      });
    }
    const slot = { id: randomUUID(), ttlMs: this.#slotTtlMs };
    const decision = await this.#options.counters.admit(
      checks.map((each) => each.check),
      slot,
    );
    if (!decision.allowed) {
      const refused = checks[decision.refused];
      if (refused === undefined) throw new AppError('INTERNAL', 'A limit refused that was never checked.');
      throw this.#refusal(refused, decision.retryAfterMs, now.getTime());
    }
    const slotKeys = [
      ...new Set(checks.filter((each) => each.check.kind === 'slots').map((each) => each.check.key)),
    ];
    this.#hold(slot.id, slotKeys);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#held.delete(slot.id);
        this.#options.counters
          .release(slotKeys, slot.id)
          .catch((error: unknown) => this.#options.onError(error, 'releasing a concurrency slot'));
      },
    };
  }

  /** Charges the user and key budgets for a finished request. Fire-and-forget. */
  charge(usage: FinishedUsage): void {
    if (usage.userId === null) return;
    const now = new Date(this.#now());
    const tokens = usage.inputTokens + usage.outputTokens;
    const credits = usage.credits ?? 0;
    const charges: BudgetCharge[] = [];
    const subjects: LimitSubject[] = [{ kind: 'user', id: usage.userId }];
    if (usage.keyId !== null) subjects.push({ kind: 'key', id: usage.keyId });
    for (const subject of subjects) {
      for (const [name, amount] of [
        ['dailyCredits', credits],
        ['monthlyCredits', credits],
        ['dailyTokens', tokens],
      ] as const) {
        const counter = limitCounter(name, subject, now);
        if (counter.kind === 'budget' && amount > 0) {
          charges.push({ key: counter.key, amount, expiresAtMs: counter.resetsAtMs });
        }
      }
    }
    this.#options.counters
      .charge(charges)
      .catch((error: unknown) => this.#options.onError(error, 'charging a budget'));
  }

  /** Open admissions on this replica. */
  held(): number {
    return this.#held.size;
  }

  close(): void {
    clearInterval(this.#renewTimer);
    this.#renewTimer = undefined;
  }

  #checksFor(subject: LimitSubject, limits: LimitValues, now: Date): Check[] {
    return limitNames.map((name) => {
      const counter = limitCounter(name, subject, now);
      const limit = limits[name];
      const bound = limit > 0 ? limit : unlimited;
      const check: LimitCheck =
        counter.kind === 'rate'
          ? { kind: 'rate', key: counter.key, limit: bound, windowMs: counter.windowMs }
          : { kind: counter.kind, key: counter.key, limit: bound };
      return {
        check,
        name,
        subject,
        limit,
        resetsAtMs: counter.kind === 'budget' ? counter.resetsAtMs : null,
      };
    });
  }

  #refusal(refused: Check, retryAfterMs: number, now: number): AppError {
    const waitMs =
      refused.check.kind === 'rate'
        ? retryAfterMs
        : refused.check.kind === 'budget' && refused.resetsAtMs !== null
          ? refused.resetsAtMs - now
          : 1_000;
    return new AppError(
      'RATE_LIMITED',
      refusalMessage({
        name: refused.name,
        subject: refused.subject.kind,
        limit: refused.limit,
        waitMs,
        poolCapacity: refused.poolCapacity ?? 0,
      }),
      { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) },
    );
  }

  async #poolShare(): Promise<{ cap: number; capacity: number } | undefined> {
    if (this.#options.poolSharePercent <= 0) return undefined;
    const capacity = await this.#poolCapacity();
    // No public pool to share: whatever serves the user (their own tokens) is not capped here.
    if (capacity <= 0) return undefined;
    return { cap: Math.max(1, Math.floor((capacity * this.#options.poolSharePercent) / 100)), capacity };
  }

  async #poolCapacity(): Promise<number> {
    const ttl = this.#options.poolCapacityTtlMs ?? 5_000;
    const cached = this.#capacity;
    if (cached && this.#now() - cached.at < ttl) return cached.value;
    this.#capacityLookup ??= this.#options
      .poolCapacity()
      .then((value) => {
        this.#capacity = { value, at: this.#now() };
        return value;
      })
      .catch((error: unknown) => {
        // The broker is away: keep the last known capacity rather than refuse or lift the cap.
        this.#options.onError(error, 'reading the public pool capacity');
        return cached?.value ?? 0;
      })
      .finally(() => {
        this.#capacityLookup = undefined;
      });
    return this.#capacityLookup;
  }

  #hold(slotId: string, slotKeys: string[]): void {
    if (slotKeys.length === 0) return;
    this.#held.set(slotId, slotKeys);
    if (this.#renewTimer) return;
    this.#renewTimer = setInterval(() => this.#renewAll(), this.#slotTtlMs / 4);
    this.#renewTimer.unref();
  }

  #renewAll(): void {
    if (this.#held.size === 0) {
      this.close();
      return;
    }
    for (const [id, keys] of this.#held) {
      this.#options.counters
        .renew(keys, { id, ttlMs: this.#slotTtlMs })
        .catch((error: unknown) => this.#options.onError(error, 'renewing a concurrency slot'));
    }
  }
}
