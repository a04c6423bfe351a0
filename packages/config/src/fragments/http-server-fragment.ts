import { z } from 'zod';
import { envInt, envPort } from '../env-parsers.ts';

/** The public HTTP listener of a service. */
export const httpServerFragment = {
  PORT: envPort(8000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  /** Above the 60 s idle timeout of common load balancers, so they close idle sockets first. */
  KEEP_ALIVE_TIMEOUT_MS: envInt(65_000, { min: 1_000 }),
  HEADERS_TIMEOUT_MS: envInt(66_000, { min: 1_000 }),
  /**
   * The whole request (headers and body) must arrive within this; a client that trickles its body
   * cannot hold a socket and a parser open forever. Responses (long streams) are not bounded by it.
   */
  REQUEST_TIMEOUT_MS: envInt(120_000, { min: 1_000 }),
  /** Time open streams get to finish after SIGTERM; below Kubernetes' default 30 s grace period. */
  SHUTDOWN_TIMEOUT_MS: envInt(25_000, { min: 0 }),
};

interface HttpServerTimeouts {
  KEEP_ALIVE_TIMEOUT_MS: number;
  HEADERS_TIMEOUT_MS: number;
  REQUEST_TIMEOUT_MS: number;
}

/**
 * Node must not stop waiting for headers before a kept-alive socket expires, or a request arriving
 * just before expiry is cut off. Apply with `z.object({...}).superRefine(checkHttpServerTimeouts)`.
 */
export function checkHttpServerTimeouts(config: HttpServerTimeouts, ctx: z.RefinementCtx): void {
  if (config.HEADERS_TIMEOUT_MS <= config.KEEP_ALIVE_TIMEOUT_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['HEADERS_TIMEOUT_MS'],
      message: 'must be greater than KEEP_ALIVE_TIMEOUT_MS',
    });
  }
  // Node refuses a headers deadline past the whole-request deadline.
  if (config.REQUEST_TIMEOUT_MS < config.HEADERS_TIMEOUT_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['REQUEST_TIMEOUT_MS'],
      message: 'must be at least HEADERS_TIMEOUT_MS',
    });
  }
}
