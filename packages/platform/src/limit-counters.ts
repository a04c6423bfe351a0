/**
 * One limit to check before a request starts:
 * - `rate`: a sliding-window log; admitting records one hit that counts for `windowMs`;
 * - `slots`: concurrent holders; admitting takes the admission's slot until it is released or expires;
 * - `budget`: a running total (credits, tokens) that `charge` adds to; admitted while below `limit`.
 */
export type LimitCheck =
  | { readonly kind: 'rate'; readonly key: string; readonly limit: number; readonly windowMs: number }
  | { readonly kind: 'slots'; readonly key: string; readonly limit: number }
  | { readonly kind: 'budget'; readonly key: string; readonly limit: number };

/** What `read` reports for one counter: hits in the window, slots held, or the budget's total. */
export type LimitProbe =
  | { readonly kind: 'rate'; readonly key: string; readonly windowMs: number }
  | { readonly kind: 'slots'; readonly key: string }
  | { readonly kind: 'budget'; readonly key: string };

export interface SlotClaim {
  /** Unique per admission; released and renewed by this id. */
  readonly id: string;
  /** A slot not renewed within this time is freed, so a crashed replica cannot hold it for ever. */
  readonly ttlMs: number;
}

export type AdmitDecision =
  | { readonly allowed: true }
  /** `refused` indexes the first check that failed; `retryAfterMs` is set for rate checks, else 0. */
  | { readonly allowed: false; readonly refused: number; readonly retryAfterMs: number };

export interface BudgetCharge {
  readonly key: string;
  readonly amount: number;
  /** Epoch milliseconds after which the counter is gone (the end of its day or month). */
  readonly expiresAtMs: number;
}

/**
 * Counters behind per-user and per-key limits, shared by every replica. `admit` is atomic: either every
 * check passes and each rate hit and slot is recorded, or nothing changes.
 */
export interface LimitCounters {
  admit(checks: readonly LimitCheck[], slot: SlotClaim): Promise<AdmitDecision>;
  /** Extends the slot in every key that holds it. */
  renew(slotKeys: readonly string[], slot: SlotClaim): Promise<void>;
  release(slotKeys: readonly string[], slotId: string): Promise<void>;
  charge(charges: readonly BudgetCharge[]): Promise<void>;
  read(probes: readonly LimitProbe[]): Promise<number[]>;
}
