import { z } from 'zod';
import type { LimitWireName } from './views.ts';

/**
 * Field schemas shaped for what browsers send: JSON, forms (every value a string) and query strings.
 * Messages leave out the field's name; `requestError` puts it in front ("visibility must be one
 * of public, private").
 */

/** Trimmed text up to `max` characters; empty or missing is undefined. */
export function optionalText(max: number) {
  return z
    .union([z.string(), z.number(), z.null()], { error: 'must be a string' })
    .optional()
    .transform((value) =>
      value === null || value === undefined ? undefined : String(value).trim() || undefined,
    )
    .refine((value) => value === undefined || value.length <= max, {
      error: `is longer than ${max} characters`,
    });
}

export function requiredText(max: number) {
  return optionalText(max).transform((value, ctx): string => {
    if (value !== undefined) return value;
    ctx.addIssue({ code: 'custom', message: 'is required' });
    return z.NEVER;
  });
}

const truthy = new Set(['true', '1', 'on', 'yes']);
const falsy = new Set(['false', '0', 'off', 'no']);

/** true/false, or a form's "true", "on", "1", "yes" and their opposites. */
export const optionalFlag = z
  .union([z.boolean(), z.string(), z.null()], { error: 'must be true or false' })
  .optional()
  .transform((value, ctx): boolean | undefined => {
    if (value === null || value === undefined || value === '') return undefined;
    if (typeof value === 'boolean') return value;
    const text = value.trim().toLowerCase();
    if (truthy.has(text)) return true;
    if (falsy.has(text)) return false;
    ctx.addIssue({ code: 'custom', message: 'must be true or false' });
    return z.NEVER;
  });

export const requiredFlag = optionalFlag.transform((value, ctx): boolean => {
  if (value !== undefined) return value;
  ctx.addIssue({ code: 'custom', message: 'is required' });
  return z.NEVER;
});

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return optionalText(64).transform((value, ctx): T[number] | undefined => {
    if (value === undefined || (values as readonly string[]).includes(value)) return value;
    ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}` });
    return z.NEVER;
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A row id: anything but a UUID cannot name a row, so it answers NOT_FOUND ("No such <what>"). */
export function rowId(what: string) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): string => {
      const text = typeof value === 'string' ? value.trim() : '';
      if (UUID.test(text)) return text.toLowerCase();
      ctx.addIssue({ code: 'custom', message: `No such ${what}`, params: { notFound: true } });
      return z.NEVER;
    }) as z.ZodType<string, string>;
}

/** A row id or nothing (an empty field counts as nothing). */
export function optionalRowId(what: string) {
  return optionalText(64).transform((value, ctx): string | undefined => {
    if (value === undefined) return undefined;
    if (UUID.test(value)) return value.toLowerCase();
    ctx.addIssue({ code: 'custom', message: `No such ${what}`, params: { notFound: true } });
    return z.NEVER;
  });
}

/** A whole number from a query or form (or JSON), `fallback` when missing. */
export function wholeNumber(fallback: number, min: number, max: number) {
  return z
    .union([z.string(), z.number()], { error: 'must be a number' })
    .optional()
    .transform((raw, ctx): number => {
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (Number.isInteger(value) && value >= min && value <= max) return value;
      ctx.addIssue({ code: 'custom', message: `must be an integer between ${min} and ${max}` });
      return z.NEVER;
    });
}

export const paging = {
  page: wholeNumber(1, 1, 1_000_000),
  page_size: wholeNumber(50, 1, 200),
};

export const sortOrder = oneOf(['asc', 'desc']);
export const visibility = oneOf(['public', 'private']);
export const tokenStatus = oneOf(['active', 'invalid', 'disabled', 'suspended', 'quota_exhausted']);

/** A limit as sent: a number, a form's string, or null/"" to clear it; `parseLimitPatch` checks it. */
const limitValue = z
  .union([z.number(), z.string(), z.null()], { error: 'must be a number or null' })
  .optional();

export const limitPatch = z.object({
  requests_per_minute: limitValue,
  concurrent_requests: limitValue,
  daily_credits: limitValue,
  monthly_credits: limitValue,
  daily_tokens: limitValue,
} satisfies Record<LimitWireName, typeof limitValue>);
