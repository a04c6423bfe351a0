import { z } from 'zod';

const truthy = new Set(['true', '1', 'yes', 'on']);
const falsy = new Set(['false', '0', 'no', 'off']);

/** `true/false/1/0` (also yes/no, on/off), case-insensitive, as the Python KiroGate accepted. */
export function envBoolean(defaultValue: boolean) {
  return z
    .string()
    .transform((raw, ctx) => {
      const value = raw.trim().toLowerCase();
      if (truthy.has(value)) return true;
      if (falsy.has(value)) return false;
      ctx.addIssue({ code: 'custom', message: 'expected true/false/1/0' });
      return z.NEVER;
    })
    .default(defaultValue);
}

interface IntOptions {
  min?: number;
  max?: number;
}

function integer({ min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER }: IntOptions) {
  return z
    .string()
    .trim()
    .regex(/^-?\d+$/, { error: 'expected an integer' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `expected at least ${min}` })
        .max(max, { error: `expected at most ${max}` }),
    );
}

/** A whole number within bounds, e.g. a port or a count. */
export function envInt(defaultValue: number, options: IntOptions = {}) {
  return integer(options).default(defaultValue);
}

/** Like `envInt` but without a default: unset stays `undefined`. */
export function envOptionalInt(options: IntOptions = {}) {
  return integer(options).optional();
}

/** A TCP port, 1..65535. */
export function envPort(defaultValue: number) {
  return envInt(defaultValue, { min: 1, max: 65_535 });
}

/** A non-negative decimal number, e.g. `SLOW_MODEL_TIMEOUT_MULTIPLIER=3.0`. */
export function envNumber(defaultValue: number, { min = 0, max = Number.MAX_VALUE } = {}) {
  return z
    .string()
    .trim()
    .regex(/^-?(\d+\.?\d*|\.\d+)$/, { error: 'expected a number' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `expected at least ${min}` })
        .max(max, { error: `expected at most ${max}` }),
    )
    .default(defaultValue);
}

/**
 * A duration given in seconds, the unit of the Python KiroGate's variables (`FIRST_TOKEN_TIMEOUT=120`,
 * `BASE_RETRY_DELAY=1.0`), converted to milliseconds because that is what Node timers take.
 */
export function envSecondsAsMs(defaultSeconds: number) {
  return z
    .string()
    .trim()
    .regex(/^(\d+\.?\d*|\.\d+)$/, { error: 'expected a non-negative number of seconds' })
    .transform((seconds) => Math.round(Number(seconds) * 1000))
    .default(Math.round(defaultSeconds * 1000));
}

/** A comma-separated list; items are trimmed and empty items dropped. */
export function envList(defaultValue: readonly string[] = []) {
  return z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .default([...defaultValue]);
}

/** An absolute http(s) URL, without a trailing slash so paths can be appended. */
export function envHttpUrl() {
  return z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .transform((url) => url.replace(/\/+$/, ''));
}
