import { describe, expect, it } from 'vitest';
import { envLogLevel, logLevels } from './log-level.ts';

describe('envLogLevel', () => {
  const level = envLogLevel('info');

  it('maps the Python KiroGate names onto pino levels', () => {
    expect(level.parse('TRACE')).toBe('trace');
    expect(level.parse('DEBUG')).toBe('debug');
    expect(level.parse('INFO')).toBe('info');
    expect(level.parse('WARNING')).toBe('warn');
    expect(level.parse('ERROR')).toBe('error');
    expect(level.parse('CRITICAL')).toBe('fatal');
  });

  it('accepts pino names in any case and defaults when unset', () => {
    for (const name of logLevels) expect(level.parse(name.toUpperCase())).toBe(name);
    expect(level.parse(undefined)).toBe('info');
  });

  it('rejects unknown names', () => {
    expect(level.safeParse('VERBOSE').success).toBe(false);
  });
});
