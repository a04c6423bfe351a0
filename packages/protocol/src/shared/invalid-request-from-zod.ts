import { AppError } from '@kirogate/errors';
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** `['messages', 2, 'content']` → `messages[2].content`, the way API docs name fields. */
function formatParamPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * A union reports one issue per option; the option that got deepest into the value is the one the
 * caller meant (an array whose third part is broken, not "not a string").
 */
function mostSpecific(issue: Issue): { issue: Issue; path: PropertyKey[] } {
  if (issue.code === 'invalid_union') {
    let best: Issue | undefined;
    for (const option of issue.errors) {
      const first = option[0];
      if (first && first.path.length > (best?.path.length ?? 0)) best = first;
    }
    if (best) {
      const inner = mostSpecific(best);
      return { issue: inner.issue, path: [...issue.path, ...inner.path] };
    }
  }
  return { issue, path: [...issue.path] };
}

function valueAt(body: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = body;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function describeIssue(issue: Issue, value: unknown): string {
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    const expected = issue.options.map((option) => `'${String(option)}'`).join(', ');
    return value === undefined
      ? `required, one of ${expected}`
      : `expected one of ${expected}, received ${shortJson(value)}`;
  }
  if (issue.code === 'invalid_type' && value === undefined) return 'required';
  const text = issue.message.replace(/^Invalid input: /, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Turns the first schema violation into an INVALID_REQUEST naming the field, e.g. `messages[2].content`.
 * `at` names where `body` sits in the request when only a part of it was validated (`tools[3]`).
 */
export function invalidRequestFromZod(error: z.ZodError, body: unknown, at = ''): AppError {
  const first = error.issues[0];
  if (!first) return new AppError('INVALID_REQUEST', 'Invalid request body');
  const { issue, path } = mostSpecific(first);
  const inner = formatParamPath(path);
  const param =
    at === '' || inner === '' ? at + inner : inner.startsWith('[') ? at + inner : `${at}.${inner}`;
  const text = describeIssue(issue, valueAt(body, path));
  if (param === '') return new AppError('INVALID_REQUEST', `request body: ${text}`);
  return new AppError('INVALID_REQUEST', `${param}: ${text}`, { param });
}
