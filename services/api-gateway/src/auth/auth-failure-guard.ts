import { AppError } from '@kirogate/errors';
import type { RateLimiter } from '@kirogate/platform';
import type { Request, RequestHandler } from 'express';
import type { FormatAdapter } from '../formats/format-adapter.ts';
import { clientIp } from '../http/client-ip.ts';
import { sendError } from '../http/send-error.ts';

export interface AuthFailureGuardOptions {
  rateLimiter: RateLimiter;
  /** Failed authentications (401 answers) per client IP per minute; 0 turns the guard off. */
  failuresPerMinute: number;
  formatFor: (req: Request) => FormatAdapter;
  /** Blocked addresses remembered by this process; the oldest block is forgotten beyond it. */
  maxBlocked?: number;
}

const windowMs = 60_000;

/**
 * Counts 401 answers per client IP (in the shared rate limiter, so across replicas) and, once an
 * address went over the limit, answers its requests with 429 from a local list without looking at
 * keys at all: guessing keys costs no key-store lookups beyond the limit. The list is bounded and
 * holds only blocked addresses, so a flood of addresses evicts only other blocks.
 */
export function authFailureGuard(options: AuthFailureGuardOptions): RequestHandler {
  const blocked = new Map<string, number>();
  const maxBlocked = options.maxBlocked ?? 10_000;
  const block = (ip: string, retryAfterMs: number): void => {
    blocked.delete(ip);
    blocked.set(ip, Date.now() + Math.max(1_000, retryAfterMs));
    if (blocked.size > maxBlocked) {
      const oldest = blocked.keys().next();
      if (!oldest.done) blocked.delete(oldest.value);
    }
  };

  return (req, res, next) => {
    if (options.failuresPerMinute === 0) {
      next();
      return;
    }
    const ip = clientIp(req) ?? 'unknown';
    const until = blocked.get(ip);
    if (until !== undefined) {
      const left = until - Date.now();
      if (left > 0) {
        sendError(
          res,
          options.formatFor(req),
          new AppError('RATE_LIMITED', 'Too many failed authentications from this address; retry later.', {
            retryAfterSeconds: Math.ceil(left / 1000),
          }),
        );
        return;
      }
      blocked.delete(ip);
    }
    res.on('finish', () => {
      if (res.statusCode !== 401) return;
      options.rateLimiter.hit(`auth-failures:${ip}`, { limit: options.failuresPerMinute, windowMs }).then(
        (verdict) => {
          if (!verdict.allowed) block(ip, verdict.retryAfterMs);
        },
        // The limiter reports its own outages; a lost count only delays the block.
        () => undefined,
      );
    });
    next();
  };
}
