import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error.ts';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses the variables named by `schema` from `env`, once, at start-up. Empty strings count as unset
 * so that `FOO=` in a `.env` file or compose file falls back to the default. Every invalid variable is
 * reported in one `ConfigError`; values never appear in it, since many of them are secrets.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env = process.env): Readonly<z.output<S>> {
  const input: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') input[name] = value;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => toConfigIssue(issue, input)));
  }
  return Object.freeze(result.data);
}

function toConfigIssue(issue: z.core.$ZodIssue, input: Record<string, string>): ConfigIssue {
  const variable = issue.path.map(String).join('.') || '(configuration)';
  return { variable, reason: withoutValues(issue.message, Object.values(input)) };
}

/** Custom refinements may interpolate an input into their message; this keeps it out of the error. */
function withoutValues(reason: string, values: readonly string[]): string {
  let scrubbed = reason;
  for (const value of values) {
    if (value.length >= 4) scrubbed = scrubbed.split(value).join('***');
  }
  return scrubbed;
}
