import { looksLikeSecret } from './scrub-secrets.ts';

const forbiddenNames = new Set([
  'key',
  'token',
  'secret',
  'password',
  'authorization',
  'cookie',
  'bearer',
  'apikey',
]);
const forbiddenSuffix = /_(key|token|secret|password|authorization|cookie)$/;

/** Label names that invite secrets are a programming error, caught when the metric is defined. */
export function assertSafeLabelNames(metric: string, labelNames: readonly string[]): void {
  for (const name of labelNames) {
    const lower = name.toLowerCase();
    if (forbiddenNames.has(lower) || forbiddenSuffix.test(lower)) {
      throw new Error(`metric ${metric}: label name "${name}" could carry a secret`);
    }
  }
}

export const redactedLabelValue = 'redacted';

/**
 * Label values already found harmless: the same few values (models, statuses, classes) come with every
 * request, and the secret patterns are regular expressions. Only harmless values are remembered, so no
 * secret is kept; bounded, emptied when full.
 */
const harmless = new Set<string>();
const maxHarmless = 2_048;

function looksLikeSecretLabel(value: string): boolean {
  if (harmless.has(value)) return false;
  if (looksLikeSecret(value)) return true;
  if (harmless.size >= maxHarmless) harmless.clear();
  harmless.add(value);
  return false;
}

/**
 * Label values often come from requests (a model name, a path). One that looks like a secret is
 * replaced rather than thrown on, so a caller cannot turn a leaked key into a 500 or a time series.
 */
export function safeLabelValues<L extends string>(
  labels: Partial<Record<L, string | number>>,
): Partial<Record<L, string | number>> {
  let safe = labels;
  for (const [name, value] of Object.entries(labels)) {
    if (typeof value === 'string' && looksLikeSecretLabel(value)) {
      if (safe === labels) safe = { ...labels };
      safe[name as L] = redactedLabelValue;
    }
  }
  return safe;
}
