import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, type RequestResult, readResult, requestInit, shapeFor } from './chaos-request.ts';

export interface LoadOptions {
  /** Gateways to spread requests over (a load balancer's view: a refused connection tries the next). */
  gatewayUrls: readonly string[];
  apiKeys: readonly string[];
  requestsPerSecond: number;
  durationMs: number;
  /** Bound on one request, headers to last byte. */
  requestTimeoutMs: number;
  label: string;
}

export interface Outcome {
  index: number;
  api: 'openai' | 'anthropic';
  stream: boolean;
  gateway: number;
  /** ms since the phase started. */
  startedAt: number;
  endedAt: number;
  result: RequestResult;
  /** Times a load balancer would have sent it elsewhere (refused connection, draining gateway). */
  rerouted: number;
}

export interface RunningLoad {
  /** Streams open right now, by gateway index. */
  openStreams(gateway: number): number;
  /** Resolves with every request's outcome once the last one has ended. */
  done: Promise<Outcome[]>;
  /** ms since the load started. */
  elapsed(): number;
}

/**
 * Open-loop load: a fixed rate of requests whatever the answers (a slow gateway does not slow the
 * sender), bounded in count (`rate × duration`) and time. The shapes, keys and gateways go round in
 * turn. A refused connection or a draining gateway's 503 is sent to the other gateway once, as a
 * load balancer in front would do; the request still counts once.
 */
export function startSteadyLoad(options: LoadOptions): RunningLoad {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const open = new Map<number, number>();
  const runId = randomBytes(4).toString('hex');
  const total = Math.round((options.requestsPerSecond * options.durationMs) / 1000);
  const gap = 1000 / options.requestsPerSecond;

  async function one(index: number): Promise<Outcome> {
    const shape = shapeFor(index);
    const apiKey = options.apiKeys[index % options.apiKeys.length]!;
    const startedAt = elapsed();
    const signal = AbortSignal.timeout(options.requestTimeoutMs);
    // Shifted every four requests, so each gateway gets every shape.
    let gateway = (index + Math.floor(index / 4)) % options.gatewayUrls.length;
    let rerouted = 0;
    let result: RequestResult;
    for (;;) {
      const requestId = `chaos-${options.label}-${runId}-${index}`;
      const { path, init } = requestInit(shape, apiKey, requestId, signal);
      let response: Response | undefined;
      try {
        response = await fetch(`${options.gatewayUrls[gateway]}${path}`, init);
      } catch (error) {
        result = { kind: 'no-answer', message: describe(error) };
      }
      const counted = shape.stream && response?.status === 200;
      if (counted) open.set(gateway, (open.get(gateway) ?? 0) + 1);
      try {
        if (response) result = await readResult(shape, response);
      } finally {
        if (counted) open.set(gateway, (open.get(gateway) ?? 1) - 1);
      }
      if (rerouted > 0 || signal.aborted || !neverReachedHandlers(result!)) break;
      rerouted += 1;
      gateway = (gateway + 1) % options.gatewayUrls.length;
    }
    return {
      index,
      api: shape.api,
      stream: shape.stream,
      gateway,
      startedAt,
      endedAt: elapsed(),
      result: result!,
      rerouted,
    };
  }

  async function run(): Promise<Outcome[]> {
    const pending: Promise<Outcome>[] = [];
    for (let index = 0; index < total; index += 1) {
      const due = index * gap - elapsed();
      if (due > 0) await sleep(due);
      pending.push(one(index));
    }
    return Promise.all(pending);
  }

  return { openStreams: (gateway) => open.get(gateway) ?? 0, done: run(), elapsed };
}

/**
 * Nothing reached the gateway's request handlers: the connection was refused or closed before an
 * answer, or a draining gateway refused the request (its 503 "restarting").
 */
function neverReachedHandlers(result: RequestResult): boolean {
  if (result.kind === 'no-answer') return true;
  return result.kind === 'http-error' && result.status === 503 && result.message.includes('restarting');
}
