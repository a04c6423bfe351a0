import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toKiroRequest } from './to-kiro-request.ts';

const directory = new URL('../../testdata/kiro/requests/', import.meta.url);
const update = process.env.UPDATE_GOLDEN === '1';
const names = readdirSync(directory)
  .filter((file) => file.endsWith('.input.json'))
  .map((file) => file.slice(0, -'.input.json'.length));

describe('toKiroRequest golden bodies (UPDATE_GOLDEN=1 rewrites them)', () => {
  it('has inputs to check', () => {
    expect(names.length).toBeGreaterThan(10);
  });

  it.each(names)('%s', (name) => {
    const input = JSON.parse(readFileSync(new URL(`${name}.input.json`, directory), 'utf8'));
    const actual = `${JSON.stringify(toKiroRequest(input.request, input.options).body, null, 2)}\n`;
    const golden = new URL(`${name}.request.golden.json`, directory);
    if (update) writeFileSync(golden, actual);
    expect(actual).toBe(readFileSync(golden, 'utf8'));
  });
});
