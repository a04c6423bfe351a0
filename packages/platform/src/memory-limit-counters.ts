import type {
  AdmitDecision,
  BudgetCharge,
  LimitCheck,
  LimitCounters,
  LimitProbe,
  SlotClaim,
} from './limit-counters.ts';

const defaultMaxKeys = 100_000;

interface Budget {
  value: number;
  expiresAtMs: number;
}

/**
 * In-process counters for one replica (`npm start`). One event loop makes every call atomic. Keys
 * beyond `maxKeys` per kind are forgotten oldest first.
 */
export class MemoryLimitCounters implements LimitCounters {
  readonly #hits = new Map<string, number[]>();
  readonly #slots = new Map<string, Map<string, number>>();
  readonly #budgets = new Map<string, Budget>();
  readonly #maxKeys: number;
  readonly #now: () => number;

  constructor(options: { maxKeys?: number; now?: () => number } = {}) {
    this.#maxKeys = options.maxKeys ?? defaultMaxKeys;
    this.#now = options.now ?? Date.now;
  }

  async admit(checks: readonly LimitCheck[], slot: SlotClaim): Promise<AdmitDecision> {
    const now = this.#now();
    for (const [index, check] of checks.entries()) {
      switch (check.kind) {
        case 'rate': {
          const hits = this.#liveHits(check.key, check.windowMs, now);
          if (hits.length >= check.limit) {
            const oldest = hits[0] ?? now;
            return {
              allowed: false,
              refused: index,
              retryAfterMs: Math.max(1, oldest + check.windowMs - now),
            };
          }
          break;
        }
        case 'slots':
          if (this.#liveSlots(check.key, now).size >= check.limit) {
            return { allowed: false, refused: index, retryAfterMs: 0 };
          }
          break;
        case 'budget':
          if (this.#budget(check.key, now) >= check.limit)
            return { allowed: false, refused: index, retryAfterMs: 0 };
          break;
        default:
          check satisfies never;
      }
    }
    for (const check of checks) {
      if (check.kind === 'rate') {
        const hits = this.#liveHits(check.key, check.windowMs, now);
        hits.push(now);
        remember(this.#hits, check.key, hits, this.#maxKeys);
      } else if (check.kind === 'slots') {
        const held = this.#liveSlots(check.key, now);
        held.set(slot.id, now + slot.ttlMs);
        remember(this.#slots, check.key, held, this.#maxKeys);
      }
    }
    return { allowed: true };
  }

  async renew(slotKeys: readonly string[], slot: SlotClaim): Promise<void> {
    const now = this.#now();
    for (const key of slotKeys) {
      const held = this.#slots.get(key);
      if (held?.has(slot.id)) held.set(slot.id, now + slot.ttlMs);
    }
  }

  async release(slotKeys: readonly string[], slotId: string): Promise<void> {
    for (const key of slotKeys) {
      const held = this.#slots.get(key);
      held?.delete(slotId);
      if (held?.size === 0) this.#slots.delete(key);
    }
  }

  async charge(charges: readonly BudgetCharge[]): Promise<void> {
    const now = this.#now();
    for (const { key, amount, expiresAtMs } of charges) {
      const value = this.#budget(key, now) + amount;
      remember(this.#budgets, key, { value, expiresAtMs }, this.#maxKeys);
    }
  }

  async read(probes: readonly LimitProbe[]): Promise<number[]> {
    const now = this.#now();
    return probes.map((probe) => {
      switch (probe.kind) {
        case 'rate':
          return this.#liveHits(probe.key, probe.windowMs, now).length;
        case 'slots':
          return this.#liveSlots(probe.key, now).size;
        case 'budget':
          return this.#budget(probe.key, now);
        default:
          return probe satisfies never;
      }
    });
  }

  #liveHits(key: string, windowMs: number, now: number): number[] {
    return (this.#hits.get(key) ?? []).filter((at) => at > now - windowMs);
  }

  #liveSlots(key: string, now: number): Map<string, number> {
    const held = this.#slots.get(key) ?? new Map<string, number>();
    for (const [id, expiresAt] of held) if (expiresAt <= now) held.delete(id);
    return held;
  }

  #budget(key: string, now: number): number {
    const budget = this.#budgets.get(key);
    if (budget === undefined) return 0;
    if (budget.expiresAtMs <= now) {
      this.#budgets.delete(key);
      return 0;
    }
    return budget.value;
  }
}

/** Re-inserts so the map stays in least-recently-written order, then trims the oldest beyond the bound. */
function remember<V>(map: Map<string, V>, key: string, value: V, maxKeys: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > maxKeys) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}
