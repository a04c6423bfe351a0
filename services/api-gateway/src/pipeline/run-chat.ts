import type { ServerResponse } from 'node:http';
import { type Caller, type CredentialBroker, callerLabel, type Lease } from '@kirogate/contracts';
import { AppError, httpStatusFor, toAppError } from '@kirogate/errors';
import type { UsageEvent } from '@kirogate/jobs';
import {
  type CanonicalRequest,
  type CanonicalResponse,
  type KiroEvent,
  type KiroRequestBody,
  ResponseCollector,
  type StreamEvent,
} from '@kirogate/protocol';
import type { FormatAdapter, ResponseContext } from '../formats/format-adapter.ts';
import { sendError } from '../http/send-error.ts';
import { writeSse } from '../sse/write-sse.ts';
import { linkedSignal } from './linked-signal.ts';
import { withIdleTimeout } from './next-with-timeout.ts';
import { recoverTruncatedToolCalls, type TruncationRecoveryInput } from './recover-truncated-tool-calls.ts';
import type { RequestPlanner } from './request-planner.ts';
import { RequestTracker } from './request-tracker.ts';
import { sessionKeyFor } from './session-key.ts';
import { formatSeconds, openUpstream, type RetryPolicy } from './upstream-attempts.ts';

export interface ChatSettings {
  retry: RetryPolicy;
  streamReadTimeoutMs: number;
  nonStreamTimeoutMs: number;
  heartbeatMs: number;
  slowClientTimeoutMs: number;
  /** Extra upstream calls after Kiro cut a tool call's input (TOOL_CALL_CONTINUATIONS). */
  toolCallContinuations: number;
}

/**
 * Calls Kiro with one body for one lease; resolves when the response headers arrived. Yields the Kiro
 * events of each upstream read as one batch.
 */
export type KiroCall = (
  body: object,
  lease: Lease,
  signal: AbortSignal,
) => Promise<AsyncIterable<KiroEvent[]>>;

export interface ChatObserver {
  retried(format: FormatAdapter['api'], code: string): void;
  finished(event: UsageEvent, tracker: RequestTracker): void;
  streamOpened(): void;
  streamClosed(): void;
  truncationSettled?: TruncationRecoveryInput['onSettled'];
}

export interface ChatDeps {
  broker: CredentialBroker;
  planner: RequestPlanner;
  callKiro: KiroCall;
  settings: ChatSettings;
  observer: ChatObserver;
}

export interface ChatInput {
  format: FormatAdapter;
  caller: Caller;
  request: CanonicalRequest;
  requestId: string;
  ip: string | null;
  res: ServerResponse;
  /** Aborted when the client disconnects. */
  clientSignal: AbortSignal;
}

/**
 * One chat request, streaming or not, for either client format: lease → Kiro → decode → canonical
 * events → the client's format. Exactly one usage record and one broker outcome per request, whatever
 * happens.
 */
export async function runChat(deps: ChatDeps, input: ChatInput): Promise<void> {
  const { format, request, res, caller } = input;
  const tracker = new RequestTracker();
  const sessionKey = sessionKeyFor(request, caller);
  const plan = deps.planner.plan(request, sessionKey);
  const deadline = new AbortController();
  const requestSignal = linkedSignal(input.clientSignal, deadline.signal);
  const timer = request.stream
    ? undefined
    : setTimeout(() => deadline.abort(), deps.settings.nonStreamTimeoutMs).unref();
  let leaseId: string | undefined;
  let credentialId: string | null = null;
  let httpStatus = 200;
  let body: object | undefined;

  try {
    res.setHeader('x-kirogate-model', plan.kiroModelId);
    const opened = await openUpstream({
      broker: deps.broker,
      leaseRequest: { caller, model: plan.kiroModelId, sessionKey },
      start: (lease, signal) => {
        body = plan.buildBody(lease);
        return deps.callKiro(body, lease, signal);
      },
      policy: deps.settings.retry,
      clientSignal: requestSignal,
      onRetry: (error) => deps.observer.retried(format.api, error.code),
    });
    leaseId = opened.lease.leaseId;
    credentialId = opened.lease.credentialId;
    tracker.attempts = opened.attempts;

    const kiroEvents = withIdleTimeout(
      opened.events,
      deps.settings.streamReadTimeoutMs,
      opened.abort,
      () =>
        new AppError(
          'UPSTREAM_TIMEOUT',
          `Kiro sent nothing for ${formatSeconds(deps.settings.streamReadTimeoutMs)}.`,
        ),
    );
    const lease = opened.lease;
    const recovered = recoverTruncatedToolCalls({
      first: plan.convertEvents(kiroEvents),
      body: body as KiroRequestBody,
      maxContinuations: deps.settings.toolCallContinuations,
      continueWith: async (next) => {
        const controller = new AbortController();
        const signal = linkedSignal(requestSignal, controller.signal);
        const events = await deps.callKiro(next, lease, signal);
        return plan.convertEvents(
          withIdleTimeout(
            events[Symbol.asyncIterator](),
            deps.settings.streamReadTimeoutMs,
            () => controller.abort(),
            () =>
              new AppError(
                'UPSTREAM_TIMEOUT',
                `Kiro sent nothing for ${formatSeconds(deps.settings.streamReadTimeoutMs)}.`,
              ),
          ),
        );
      },
      ...(deps.observer.truncationSettled && { onSettled: deps.observer.truncationSettled }),
    });
    const batches = inBandErrors(recovered, tracker, requestSignal, () => deadline.signal.aborted);
    const context: ResponseContext = {
      id: format.newResponseId(),
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      inputTokens: plan.inputTokens,
      request,
    };

    if (request.stream) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.flushHeaders();
      deps.observer.streamOpened();
      try {
        await writeSse(res, format.renderStream(batches, context), {
          heartbeat: format.heartbeat,
          heartbeatMs: deps.settings.heartbeatMs,
          slowClientTimeoutMs: deps.settings.slowClientTimeoutMs,
          signal: input.clientSignal,
        });
      } finally {
        deps.observer.streamClosed();
      }
    } else {
      const response = await collect(batches, request.model);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(format.renderResponse(response, context)));
    }
  } catch (caught) {
    if (input.clientSignal.aborted) {
      tracker.aborted = true;
    } else {
      const error = deadline.signal.aborted
        ? new AppError(
            'UPSTREAM_TIMEOUT',
            `Kiro did not finish within ${formatSeconds(deps.settings.nonStreamTimeoutMs)}.`,
          )
        : toAppError(caught);
      tracker.error ??= error;
      httpStatus = httpStatusFor(error.code);
      if (res.headersSent) res.destroy();
      else sendError(res as Parameters<typeof sendError>[0], format, error);
    }
  } finally {
    if (timer) clearTimeout(timer);
    if (input.clientSignal.aborted) tracker.aborted = true;
    if (leaseId) deps.broker.report(leaseId, tracker.outcome());
    if (tracker.usage?.contextUsagePercentage !== undefined) {
      plan.observeContextUsage(tracker.usage.contextUsagePercentage, tracker.usage.outputTokens);
    }
    deps.observer.finished(
      {
        requestId: input.requestId,
        at: new Date().toISOString(),
        caller: callerLabel(caller),
        userId: caller.kind === 'user' ? caller.userId : null,
        keyId: caller.kind === 'user' ? caller.keyId : null,
        credentialId,
        model: plan.kiroModelId,
        api: format.api,
        stream: request.stream,
        status: tracker.status,
        httpStatus,
        errorClass: tracker.error?.code ?? null,
        inputTokens: tracker.usage?.inputTokens ?? plan.inputTokens,
        outputTokens: tracker.usage?.outputTokens ?? 0,
        credits: tracker.credits,
        ttftMs: tracker.ttftMs,
        durationMs: tracker.durationMs,
        attempts: tracker.attempts,
        ip: input.ip,
      },
      tracker,
    );
  }
}

/**
 * After the response is committed, failures must reach the client in-band. Turns a thrown error into a
 * final `error` event; a client that left gets nothing more. A stream Kiro cut off (no closing
 * contextUsageEvent) is such a failure too: finished normally, the client would take half an answer,
 * or half a tool call, for a whole one. Every event that goes on is shown to the tracker. Batches stay
 * batches (one per upstream read): each async stage costs a promise and a resumption per item.
 */
async function* inBandErrors(
  batches: AsyncIterable<readonly StreamEvent[]>,
  tracker: RequestTracker,
  signal: AbortSignal,
  timedOut: () => boolean,
): AsyncGenerator<StreamEvent[]> {
  let failure: AppError | undefined;
  try {
    for await (const batch of batches) {
      const out: StreamEvent[] = [];
      for (const event of batch) {
        if (event.type === 'finish' && event.truncated) {
          failure = new AppError('UPSTREAM_ERROR', 'The Kiro stream ended before the response was complete.');
          break;
        }
        tracker.see(event);
        out.push(event);
      }
      if (out.length > 0) yield out;
      if (failure) break;
    }
  } catch (caught) {
    if (signal.aborted && !timedOut()) throw caught;
    failure = timedOut()
      ? new AppError('UPSTREAM_TIMEOUT', 'Kiro did not finish in time.')
      : caught instanceof AppError
        ? caught
        : new AppError(
            'UPSTREAM_ERROR',
            'The connection to the Kiro API failed mid-response.',
            {},
            { cause: caught },
          );
  }
  if (failure === undefined) return;
  const event: StreamEvent = { type: 'error', error: failure };
  tracker.see(event);
  yield [event];
}

/** The non-streaming answer, collected batch by batch without an async step per event. */
async function collect(
  batches: AsyncIterable<readonly StreamEvent[]>,
  model: string,
): Promise<CanonicalResponse> {
  const collector = new ResponseCollector(model);
  for await (const batch of batches) {
    for (const event of batch) {
      const response = collector.add(event);
      if (response) return response;
    }
  }
  throw collector.incomplete();
}
