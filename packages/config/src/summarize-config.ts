import type { z } from 'zod';
import { maskUrl } from './mask-url.ts';
import { isSecretSchema } from './secret.ts';

export type SummaryValue = string | number | boolean | readonly string[];

/**
 * A copy of the config that is safe to log at start-up: secrets become `set`/`unset`, URLs lose their
 * passwords and sensitive query parameters, unset optional values show as `unset`.
 */
export function summarizeConfig<S extends z.ZodObject>(
  schema: S,
  config: Readonly<z.output<S>>,
): Record<string, SummaryValue> {
  const summary: Record<string, SummaryValue> = {};
  const values = config as Readonly<Record<string, unknown>>;
  for (const [name, field] of Object.entries(schema.shape)) {
    const value = values[name];
    if (isSecretSchema(field)) {
      summary[name] = isSet(value) ? 'set' : 'unset';
    } else {
      summary[name] = summarizeValue(value);
    }
  }
  return summary;
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !Array.isArray(value) || value.length > 0;
}

function summarizeValue(value: unknown): SummaryValue {
  if (value === undefined || value === null) return 'unset';
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return maskUrl(value);
  if (Array.isArray(value)) return value.map((item) => maskUrl(String(item)));
  return JSON.stringify(value);
}
