import { type LimitName, type LimitValues, limitNames, noLimits } from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import type { LimitValuesView, LimitWireName } from '../contract/views.ts';

/** The JSON names of the limits, in every API and page. */
export const wireNames: Record<LimitName, LimitWireName> = {
  requestsPerMinute: 'requests_per_minute',
  concurrentRequests: 'concurrent_requests',
  dailyCredits: 'daily_credits',
  monthlyCredits: 'monthly_credits',
  dailyTokens: 'daily_tokens',
};

/** Upper bounds that keep values sane; credits may have decimals, the rest are whole numbers. */
const maxima: Record<LimitName, number> = {
  requestsPerMinute: 1_000_000,
  concurrentRequests: 100_000,
  dailyCredits: 1_000_000_000,
  monthlyCredits: 1_000_000_000,
  dailyTokens: 1_000_000_000_000,
};

/** Stored limits: only the names that are set. */
export type StoredLimits = Partial<LimitValues>;

/** A change: a number sets a limit, `null` removes it (back to the default, or to the user's). */
export type LimitPatch = Partial<Record<LimitName, number | null>>;

/**
 * Reads a limit change from a JSON or form body. Each of the wire names is optional; `null` or `""`
 * clears it. Anything else must be a number from 0 (no limit) to its maximum, whole except credits.
 */
export function parseLimitPatch(body: unknown): LimitPatch {
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const patch: LimitPatch = {};
  for (const name of limitNames) {
    const wire = wireNames[name];
    if (!(wire in fields)) continue;
    const raw = fields[wire];
    if (raw === null || raw === '') {
      patch[name] = null;
      continue;
    }
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
    const whole = name !== 'dailyCredits' && name !== 'monthlyCredits';
    if (!Number.isFinite(value) || value < 0 || value > maxima[name] || (whole && !Number.isInteger(value))) {
      throw new AppError(
        'INVALID_REQUEST',
        `${wire} must be ${whole ? 'a whole number' : 'a number'} from 0 (no limit) to ${maxima[name]}, or null`,
        { param: wire },
      );
    }
    patch[name] = value;
  }
  return patch;
}

export function applyPatch(stored: StoredLimits, patch: LimitPatch): StoredLimits {
  const next: StoredLimits = { ...stored };
  for (const name of limitNames) {
    const value = patch[name];
    if (value === undefined) continue;
    if (value === null) delete next[name];
    else next[name] = value;
  }
  return next;
}

/** Only the known names with valid numbers, whatever the column holds. */
export function storedLimits(raw: Record<string, number> | null | undefined): StoredLimits {
  const out: StoredLimits = {};
  for (const name of limitNames) {
    const value = raw?.[name];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out[name] = value;
  }
  return out;
}

/** The user's limits: an admin's override where set, else the default. */
export function userLimits(defaults: LimitValues, overrides: StoredLimits): LimitValues {
  return { ...defaults, ...overrides };
}

/** The key's own limits; 0 where it has none (the user's limits still apply to every key). */
export function keyLimits(own: StoredLimits): LimitValues {
  return { ...noLimits, ...own };
}

/**
 * A key's limits may only narrow its owner's: each must be at or below the user's limit of that kind
 * (any value when the user has none). 0 on a key means "no limit of its own" and is always allowed.
 */
export function checkKeyWithinUser(own: StoredLimits, user: LimitValues): void {
  for (const name of limitNames) {
    const value = own[name];
    if (value === undefined || value === 0) continue;
    const ceiling = user[name];
    if (ceiling > 0 && value > ceiling) {
      throw new AppError(
        'INVALID_REQUEST',
        `${wireNames[name]} of ${value} is above your own limit of ${ceiling}`,
        { param: wireNames[name] },
      );
    }
  }
}

/** Stored limits as the APIs spell them: only the names that are set. */
export function renderLimitValues(limits: StoredLimits): LimitValuesView {
  const out: LimitValuesView = {};
  for (const name of limitNames) {
    const value = limits[name];
    if (value !== undefined) out[wireNames[name]] = value;
  }
  return out;
}
