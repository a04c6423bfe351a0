import { z } from 'zod';

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export type LogLevel = (typeof logLevels)[number];

/** The Python KiroGate used loguru's names (TRACE…CRITICAL); pino has fewer levels. */
const aliases: Readonly<Record<string, LogLevel>> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  success: 'info',
  warning: 'warn',
  warn: 'warn',
  error: 'error',
  critical: 'fatal',
  fatal: 'fatal',
  silent: 'silent',
  off: 'silent',
};

export function envLogLevel(defaultValue: LogLevel) {
  return z
    .string()
    .transform((raw, ctx): LogLevel => {
      const level = aliases[raw.trim().toLowerCase()];
      if (level !== undefined) return level;
      ctx.addIssue({
        code: 'custom',
        message: 'expected one of TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL',
      });
      return z.NEVER;
    })
    .default(defaultValue);
}
