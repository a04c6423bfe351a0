import type { CredentialBroker, Lease, LeaseOutcome, LeaseRequest } from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import { classifyKiroException, type StreamEvent } from '@kirogate/protocol';
import { describe, expect, it } from 'vitest';
import { formatSeconds, openUpstream, type RetryPolicy, type StartUpstream } from './upstream-attempts.ts';

/** A broker over a fixed list of credentials that records what the pipeline asked of it. */
class RecordingBroker implements CredentialBroker {
  leases: LeaseRequest[] = [];
  refreshes: string[] = [];
  reports: Array<{ leaseId: string; outcome: LeaseOutcome }> = [];
  #next = 0;
  readonly credentialIds: string[];
  constructor(credentialIds: string[]) {
    this.credentialIds = credentialIds;
  }

  async lease(request: LeaseRequest): Promise<Lease> {
    this.leases.push(request);
    const candidates = this.credentialIds.filter((id) => !request.exclude?.includes(id));
    const id = candidates[0] ?? this.credentialIds[0] ?? 'none';
    return this.#make(`lease-${this.#next++}`, id, 'token-1');
  }
  async refreshLease(leaseId: string): Promise<Lease> {
    this.refreshes.push(leaseId);
    return this.#make(leaseId, 'c1', 'token-2');
  }
  report(leaseId: string, outcome: LeaseOutcome): void {
    this.reports.push({ leaseId, outcome });
  }
  #make(leaseId: string, credentialId: string, accessToken: string): Lease {
    return {
      leaseId,
      credentialId,
      accessToken,
      authKind: 'social',
      region: 'us-east-1',
      machineId: 'm',
      expiresAt: new Date(0),
    };
  }
}

const policy: RetryPolicy = {
  maxAttempts: 3,
  firstTokenTimeoutMs: 40,
  firstTokenMaxRetries: 2,
  baseRetryDelayMs: 1000,
};
const hello: StreamEvent[] = [
  { type: 'text-delta', text: 'Hello' },
  { type: 'finish', reason: 'stop', usage: { inputTokens: 1, outputTokens: 1 }, truncated: false },
];

/** One batch per event, as when every frame arrives in its own read. */
async function* from(events: StreamEvent[]): AsyncGenerator<StreamEvent[]> {
  for (const event of events) yield [event];
}

function scripted(steps: Array<AppError | StreamEvent[] | 'silent'>): StartUpstream & { calls: Lease[] } {
  const calls: Lease[] = [];
  const start = async (lease: Lease, signal: AbortSignal): Promise<AsyncIterator<StreamEvent[]>> => {
    calls.push(lease);
    const step = steps[calls.length - 1];
    if (step instanceof AppError) throw step;
    if (step === 'silent') {
      return {
        next: () =>
          new Promise<IteratorResult<StreamEvent[]>>((_, reject) =>
            signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
          ),
      };
    }
    return from(step ?? []);
  };
  return Object.assign(start, { calls });
}

async function drain(iterator: AsyncIterator<StreamEvent[]>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) out.push(...next.value);
  return out;
}

const request: LeaseRequest = { caller: { kind: 'server' }, model: 'claude-sonnet-4.5' };

describe('openUpstream', () => {
  it('returns the stream with its first event once the upstream spoke', async () => {
    const broker = new RecordingBroker(['c1']);
    const opened = await openUpstream({
      broker,
      leaseRequest: request,
      start: scripted([hello]),
      policy,
      clientSignal: new AbortController().signal,
    });
    expect(await drain(opened.events)).toEqual(hello);
    expect(opened.attempts).toBe(1);
    expect(broker.reports).toEqual([]);
  });

  it('403 then 200: exactly one forced refresh and one retry on the same credential', async () => {
    const broker = new RecordingBroker(['c1', 'c2']);
    const start = scripted([new AppError('UPSTREAM_AUTH', 'bearer invalid', { upstreamStatus: 403 }), hello]);
    const opened = await openUpstream({
      broker,
      leaseRequest: request,
      start,
      policy,
      clientSignal: new AbortController().signal,
    });
    expect(broker.refreshes).toEqual(['lease-0']);
    expect(start.calls.map((lease) => lease.accessToken)).toEqual(['token-1', 'token-2']);
    expect(opened.lease.credentialId).toBe('c1');
    expect(broker.leases).toHaveLength(1);
  });

  it('429, 429, 200: backs off 1 s then 2 s and moves to other credentials', async () => {
    const broker = new RecordingBroker(['c1', 'c2', 'c3']);
    const sleeps: number[] = [];
    const throttled = () => new AppError('UPSTREAM_THROTTLED', 'Too many requests', { upstreamStatus: 429 });
    const opened = await openUpstream({
      broker,
      leaseRequest: request,
      start: scripted([throttled(), throttled(), hello]),
      policy,
      clientSignal: new AbortController().signal,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    expect(sleeps).toEqual([1000, 2000]);
    expect(broker.leases.map((lease) => lease.exclude ?? [])).toEqual([[], ['c1'], ['c1', 'c2']]);
    expect(opened.lease.credentialId).toBe('c3');
    expect(broker.reports.map((report) => report.outcome.kind)).toEqual(['throttled', 'throttled']);
  });

  it('ends the lease when the forced refresh after a 403 fails, so it does not stay in flight', async () => {
    const broker = new RecordingBroker(['c1']);
    broker.refreshLease = async (leaseId) => {
      broker.refreshes.push(leaseId);
      throw new AppError(
        'CALLER_CREDENTIAL_INVALID',
        'Kiro rejected the refresh token sent with this request.',
      );
    };
    const start = scripted([new AppError('UPSTREAM_AUTH', 'bearer invalid', { upstreamStatus: 403 }), hello]);
    await expect(
      openUpstream({
        broker,
        leaseRequest: request,
        start,
        policy,
        clientSignal: new AbortController().signal,
      }),
    ).rejects.toMatchObject({ code: 'CALLER_CREDENTIAL_INVALID' });
    expect(broker.refreshes).toEqual(['lease-0']);
    expect(broker.reports.map((report) => [report.leaseId, report.outcome.kind])).toEqual([
      ['lease-0', 'unauthorized'],
    ]);
  });

  it('does not retry what another attempt cannot fix', async () => {
    const broker = new RecordingBroker(['c1', 'c2']);
    const start = scripted([new AppError('CONTEXT_TOO_LONG', 'prompt is too long'), hello]);
    await expect(
      openUpstream({
        broker,
        leaseRequest: request,
        start,
        policy,
        clientSignal: new AbortController().signal,
      }),
    ).rejects.toMatchObject({ code: 'CONTEXT_TOO_LONG' });
    expect(start.calls).toHaveLength(1);
    expect(broker.reports[0]?.outcome.kind).toBe('bad-request');
  });

  it('turns an error arriving as the first event into an HTTP-level error', async () => {
    const broker = new RecordingBroker(['c1']);
    const start = scripted([
      [{ type: 'error', error: classifyKiroException('ContentLengthExceededException', 'too long') }],
    ]);
    await expect(
      openUpstream({
        broker,
        leaseRequest: request,
        start,
        policy,
        clientSignal: new AbortController().signal,
      }),
    ).rejects.toMatchObject({ code: 'CONTEXT_TOO_LONG' });
  });

  it('re-sends when the first event does not come in time, then gives up with a 504 message', async () => {
    const broker = new RecordingBroker(['c1']);
    const start = scripted(['silent', 'silent', 'silent']);
    const error = await openUpstream({
      broker,
      leaseRequest: request,
      start,
      policy,
      clientSignal: new AbortController().signal,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('UPSTREAM_TIMEOUT');
    expect((error as AppError).message).toMatch(/did not respond within .*after 3 attempts/);
    expect(start.calls).toHaveLength(3);
  });

  it('stops at once and tells the broker when the client leaves', async () => {
    const broker = new RecordingBroker(['c1']);
    const client = new AbortController();
    const start = scripted(['silent']);
    const pending = openUpstream({
      broker,
      leaseRequest: request,
      start,
      policy: { ...policy, firstTokenTimeoutMs: 10_000 },
      clientSignal: client.signal,
    });
    setTimeout(() => client.abort(), 10);
    await expect(pending).rejects.toBeInstanceOf(AppError);
    expect(broker.reports.map((report) => report.outcome.kind)).toEqual(['client-abort']);
  });
});

/** Like the real TokenBroker: a credential reported throttled or out of quota is not handed out again. */
class CoolingBroker extends RecordingBroker {
  readonly #cooling = new Set<string>();
  readonly #credentialOf = new Map<string, string>();

  override async lease(request: LeaseRequest): Promise<Lease> {
    const usable = this.credentialIds.filter((id) => !this.#cooling.has(id));
    if (usable.length === 0) {
      this.leases.push(request);
      throw new AppError('NO_CREDENTIAL_AVAILABLE', 'No Kiro credential is available right now.');
    }
    const lease = await super.lease({
      ...request,
      exclude: request.exclude?.filter((id) => usable.includes(id)),
    });
    this.#credentialOf.set(lease.leaseId, lease.credentialId);
    return lease;
  }
  override report(leaseId: string, outcome: LeaseOutcome): void {
    super.report(leaseId, outcome);
    const id = this.#credentialOf.get(leaseId);
    if (id && (outcome.kind === 'throttled' || outcome.kind === 'quota-exhausted')) this.#cooling.add(id);
  }
}

describe('openUpstream with a single credential', () => {
  const throttled = () => new AppError('UPSTREAM_THROTTLED', 'Too many requests', { upstreamStatus: 429 });

  it('429, 429, 200: backs off and retries on the only credential while it cools down', async () => {
    const broker = new CoolingBroker(['c1']);
    const sleeps: number[] = [];
    const start = scripted([throttled(), throttled(), hello]);
    const opened = await openUpstream({
      broker,
      leaseRequest: request,
      start,
      policy,
      clientSignal: new AbortController().signal,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    expect(await drain(opened.events)).toEqual(hello);
    expect(sleeps).toEqual([1000, 2000]);
    expect(start.calls.map((lease) => lease.credentialId)).toEqual(['c1', 'c1', 'c1']);
    // Every lease but the one in use was reported, so the broker's in-flight count stays right.
    const reported = new Set(broker.reports.map((report) => report.leaseId));
    expect(reported.has(opened.lease.leaseId)).toBe(false);
    expect(new Set(start.calls.map((lease) => lease.leaseId)).size).toBe(reported.size + 1);
  });

  it('quota exhausted on the only credential: the upstream 429 error, not a 503 about the pool', async () => {
    const broker = new CoolingBroker(['c1']);
    const start = scripted([
      new AppError('UPSTREAM_QUOTA_EXHAUSTED', 'Monthly request limit exceeded.', { upstreamStatus: 402 }),
      hello,
    ]);
    await expect(
      openUpstream({
        broker,
        leaseRequest: request,
        start,
        policy,
        clientSignal: new AbortController().signal,
        sleep: async () => undefined,
      }),
    ).rejects.toMatchObject({ code: 'UPSTREAM_QUOTA_EXHAUSTED' });
    expect(start.calls).toHaveLength(1);
    expect(broker.reports.map((report) => report.outcome.kind)).toEqual(['quota-exhausted']);
  });
});

describe('formatSeconds', () => {
  it('keeps sub-second timeouts readable in messages', () => {
    expect(formatSeconds(60_000)).toBe('60s');
    expect(formatSeconds(1_500)).toBe('1.5s');
    expect(formatSeconds(250)).toBe('0.25s');
  });
});
