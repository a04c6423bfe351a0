import {
  type CredentialBroker,
  type Lease,
  type LeaseOutcome,
  type LeaseRequest,
  outcomeKindFor,
  outcomePolicy,
} from '@kirogate/contracts';
import { AppError, isRetryable } from '@kirogate/errors';
import type { StreamEvent } from '@kirogate/protocol';
import type { ChatSettings } from './chat-settings.ts';
import { linkedSignal } from './linked-signal.ts';
import { nextWithTimeout } from './next-with-timeout.ts';

/** What the retry loop reads of the chat settings. */
export type RetryPolicy = Pick<
  ChatSettings,
  'maxAttempts' | 'firstTokenTimeoutMs' | 'firstTokenMaxRetries' | 'baseRetryDelayMs'
>;

/** Starts one attempt on one lease (see `Upstream.open`): canonical event batches, one per upstream read. */
export type StartUpstream = (lease: Lease, signal: AbortSignal) => Promise<AsyncIterator<StreamEvent[]>>;

export interface OpenedUpstream {
  lease: Lease;
  /** The event batches, first one included; ends or throws when the upstream does. */
  events: AsyncIterator<StreamEvent[]>;
  /** Aborts this attempt's upstream request. */
  abort: () => void;
  attempts: number;
}

export interface OpenUpstreamInput {
  broker: CredentialBroker;
  leaseRequest: LeaseRequest;
  start: StartUpstream;
  policy: RetryPolicy;
  clientSignal: AbortSignal;
  onRetry?: (error: AppError, attempt: number) => void;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Leases a credential, calls the upstream and waits for the first event BEFORE anything is committed to
 * the client, so every failure up to that point can still be retried or turned into a proper HTTP
 * error: 401/403 → one forced refresh of the same credential; throttling, 5xx, network, quota and
 * suspension → backoff and another credential (the same one for transient failures when the pool has
 * no other); silence past the first-token timeout → re-send; an error as the first event → that error.
 * It only decides retries: what a request is and how its answer is read belong to the upstream.
 */
export async function openUpstream(input: OpenUpstreamInput): Promise<OpenedUpstream> {
  const { broker, policy, clientSignal } = input;
  const sleep = input.sleep ?? abortableSleep;
  const exclude: string[] = [];
  let lease = await broker.lease(input.leaseRequest);
  let refreshedThisLease = false;
  let failures = 0;
  let firstTokenTimeouts = 0;
  let attempts = 0;

  for (;;) {
    attempts += 1;
    const controller = new AbortController();
    const signal = linkedSignal(clientSignal, controller.signal);
    const startedAt = performance.now();
    let firstTokenTimedOut = false;
    try {
      const events = await input.start(lease, signal);
      const first = await nextWithTimeout(
        events,
        policy.firstTokenTimeoutMs,
        () => {
          firstTokenTimedOut = true;
          controller.abort();
        },
        () => new AppError('UPSTREAM_TIMEOUT', 'first token timeout'),
      );
      const early = earlyError(first);
      if (early) throw early;
      return { lease, events: prepend(first.value, events), abort: () => controller.abort(), attempts };
    } catch (caught) {
      controller.abort();
      const latencyMs = performance.now() - startedAt;
      if (clientSignal.aborted) {
        broker.report(lease.leaseId, { kind: 'client-abort', latencyMs });
        throw new AppError('SERVICE_UNAVAILABLE', 'The client closed the connection.', {}, { cause: caught });
      }
      const error = asUpstreamError(caught);

      if (error.code === 'UPSTREAM_AUTH' && !refreshedThisLease) {
        refreshedThisLease = true;
        input.onRetry?.(error, attempts);
        try {
          lease = await broker.refreshLease(lease.leaseId);
        } catch (refreshError) {
          // The lease ends here; unreported, it would count as in flight on its credential forever.
          broker.report(lease.leaseId, outcomeFor(asUpstreamError(refreshError), latencyMs));
          throw refreshError;
        }
        continue;
      }
      const outcome = outcomeFor(error, latencyMs);

      if (firstTokenTimedOut) {
        firstTokenTimeouts += 1;
        if (firstTokenTimeouts > policy.firstTokenMaxRetries) {
          broker.report(lease.leaseId, outcome);
          const seconds = formatSeconds(policy.firstTokenTimeoutMs);
          throw new AppError(
            'UPSTREAM_TIMEOUT',
            `Model did not respond within ${seconds} after ${firstTokenTimeouts} attempts. Please try again.`,
          );
        }
      } else {
        failures += 1;
        if (!isRetryable(error.code) || failures >= policy.maxAttempts) {
          broker.report(lease.leaseId, outcome);
          throw error;
        }
        exclude.push(lease.credentialId);
        try {
          await sleep(backoffMs(error, failures, policy), clientSignal);
        } catch (aborted) {
          broker.report(lease.leaseId, outcome);
          throw aborted;
        }
      }
      input.onRetry?.(error, attempts);
      const next = await leaseForRetry(
        broker,
        { ...input.leaseRequest, exclude: [...exclude] },
        { lease, outcome, error },
      );
      if (next !== lease) refreshedThisLease = false;
      lease = next;
    }
  }
}

/**
 * The lease for the next attempt, preferably on another credential. When the pool has nothing to offer
 * (typically: the only credential, cooling down after this very failure), a transient failure is retried
 * on the lease already held, as one account does in docs/kiro-protocol.md#conformance-cases case 25 (429, 429, 200 → success
 * after backing off); answering 503 "no credential" would turn one throttle into a failed request.
 * A failure bound to the credential (quota, suspension, rejected token) is reported first, so the broker
 * does not pick it again, and when nothing else is left the caller gets that upstream error (quota →
 * 429) rather than a 503 about the pool. The held lease is reported when it is let go.
 */
async function leaseForRetry(
  broker: CredentialBroker,
  request: LeaseRequest,
  held: { lease: Lease; outcome: LeaseOutcome; error: AppError },
): Promise<Lease> {
  if (outcomePolicy(held.outcome.kind).boundToCredential) {
    broker.report(held.lease.leaseId, held.outcome);
    try {
      return await broker.lease(request);
    } catch (leaseError) {
      throw isPoolExhausted(leaseError) ? held.error : leaseError;
    }
  }
  let next: Lease;
  try {
    next = await broker.lease(request);
  } catch (leaseError) {
    if (isPoolExhausted(leaseError)) return held.lease;
    broker.report(held.lease.leaseId, held.outcome);
    throw leaseError;
  }
  broker.report(held.lease.leaseId, held.outcome);
  return next;
}

function isPoolExhausted(error: unknown): boolean {
  return error instanceof AppError && error.code === 'NO_CREDENTIAL_AVAILABLE';
}

/**
 * `first`, then the rest of `rest`. A plain iterator rather than a generator: after the first item it
 * hands `rest.next()` through, adding nothing per event.
 */
function prepend<T>(first: T, rest: AsyncIterator<T>): AsyncIterator<T> {
  let pending = true;
  return {
    next: () => {
      if (!pending) return rest.next();
      pending = false;
      return Promise.resolve({ done: false, value: first });
    },
    return: async () => {
      pending = false;
      await rest.return?.();
      return { done: true, value: undefined };
    },
  };
}

/**
 * An error as the first event, or an answer that ended before saying anything, is an HTTP-level
 * failure of the request (and so may be retried).
 */
function earlyError(first: IteratorResult<StreamEvent[]>): AppError | undefined {
  const event = first.done ? undefined : first.value[0];
  if (event?.type === 'error') return event.error;
  if (event === undefined || (event.type === 'finish' && event.truncated)) {
    return new AppError('UPSTREAM_ERROR', 'Kiro returned an empty response.');
  }
  return undefined;
}

function backoffMs(error: AppError, failures: number, policy: RetryPolicy): number {
  const exponential = policy.baseRetryDelayMs * 2 ** (failures - 1);
  const hinted = (error.details.retryAfterSeconds ?? 0) * 1000;
  // Honour Retry-After, but never sleep past a few backoff steps inside one client request.
  return Math.min(Math.max(exponential, hinted), policy.baseRetryDelayMs * 8);
}

/** Anything that is not already classified is a transport failure talking to Kiro. */
export function asUpstreamError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('UPSTREAM_ERROR', 'Could not reach the Kiro API.', {}, { cause: error });
}

export function outcomeFor(error: AppError, latencyMs: number): LeaseOutcome {
  const outcome: LeaseOutcome = { kind: outcomeKindFor(error.code), latencyMs };
  if (error.details.retryAfterSeconds !== undefined)
    outcome.retryAfterSeconds = error.details.retryAfterSeconds;
  return outcome;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `60s`, `1.5s`, `0.25s`: timeouts below a second are real in tests and in tight deployments. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 1000 ? 2 : 1))}s`;
}
