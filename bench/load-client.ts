import { Pool } from 'undici';
import { nowUs } from './clock.ts';
import { contentEventCounter } from './content-event-counter.ts';
import type { RequestShape } from './request-shape.ts';

export interface TimedResponse {
  statusCode: number;
  /** Absolute hrtime microseconds (see nowUs). */
  startUs: number;
  headersUs: number;
  /** When each content event's last byte arrived; empty unless `countContent` was set. */
  contentUs: number[];
  endUs: number;
  /** Set when the request failed, the status was not 200, or it was aborted on purpose. */
  error?: string;
}

export interface SendOptions {
  countContent?: boolean;
  signal?: AbortSignal;
  /** Called per chunk that completed content events: `added` of them, `total` so far. */
  onContent?: (atUs: number, added: number, total: number) => void;
}

/**
 * A keep-alive pool to one origin. Timeouts are finite so a wedged run ends instead of hanging; the
 * body timeout is above the slowest pacing used (1 event/s).
 */
export function loadPool(origin: string, connections: number): Pool {
  return new Pool(origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
}

/** One request with hrtime stamps for the headers, each content event and the end of the body. */
export async function sendTimed(
  pool: Pool,
  shape: RequestShape,
  options: SendOptions = {},
): Promise<TimedResponse> {
  const startUs = nowUs();
  const timed: TimedResponse = { statusCode: 0, startUs, headersUs: startUs, contentUs: [], endUs: startUs };
  const counter = options.countContent ? contentEventCounter(shape.format) : undefined;
  try {
    const response = await pool.request({
      path: shape.path,
      method: 'POST',
      headers: shape.headers,
      body: shape.body,
      ...(options.signal && { signal: options.signal }),
    });
    timed.headersUs = nowUs();
    timed.statusCode = response.statusCode;
    if (response.statusCode !== 200) {
      timed.error = `HTTP ${response.statusCode}: ${(await response.body.text()).slice(0, 200)}`;
    } else {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        if (!counter) continue;
        const events = counter.push(chunk);
        if (events === 0) continue;
        const at = nowUs();
        for (let i = 0; i < events; i++) timed.contentUs.push(at);
        options.onContent?.(at, events, timed.contentUs.length);
      }
    }
  } catch (error) {
    timed.error = options.signal?.aborted ? 'aborted' : String((error as Error).message ?? error);
  }
  timed.endUs = nowUs();
  return timed;
}

export interface LoopOptions {
  concurrency: number;
  maxRequests: number;
  /** The loop stops issuing after this long, whichever bound comes first. */
  maxDurationMs: number;
  countContent?: boolean;
}

export interface LoopResult {
  responses: TimedResponse[];
  wallUs: number;
  errors: number;
  firstError?: string;
}

/** A closed loop: `concurrency` workers, each sending its next request when the last one ended. */
export async function runClosedLoop(
  pool: Pool,
  shape: RequestShape,
  options: LoopOptions,
): Promise<LoopResult> {
  const startUs = nowUs();
  const deadlineUs = startUs + options.maxDurationMs * 1000;
  const responses: TimedResponse[] = [];
  let issued = 0;
  let errors = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (issued < options.maxRequests && nowUs() < deadlineUs) {
        issued++;
        const response = await sendTimed(pool, shape, { countContent: options.countContent ?? false });
        responses.push(response);
        if (response.error) {
          errors++;
          firstError ??= response.error;
        }
      }
    }),
  );
  return { responses, wallUs: nowUs() - startUs, errors, ...(firstError && { firstError }) };
}
