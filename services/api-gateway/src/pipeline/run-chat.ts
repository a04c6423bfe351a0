import type { ServerResponse } from 'node:http';
import { type Caller, type CredentialBroker, callerLabel } from '@kirogate/contracts';
import { AppError, httpStatusFor, toAppError } from '@kirogate/errors';
import type { UsageEvent } from '@kirogate/jobs';
import {
  type CanonicalRequest,
  type CanonicalResponse,
  ResponseCollector,
  type StreamEvent,
} from '@kirogate/protocol';
import type { FormatAdapter, ResponseContext } from '../formats/format-adapter.ts';
import { sendError } from '../http/send-error.ts';
import { writeSse } from '../sse/write-sse.ts';
import type { KiroConversion, KiroConverter } from '../upstreams/kiro/kiro-conversion.ts';
import type { KiroUpstream } from '../upstreams/kiro/kiro-upstream.ts';
import type { ChatSettings } from './chat-settings.ts';
import { linkedSignal } from './linked-signal.ts';
import { withIdleTimeout } from './next-with-timeout.ts';
import { recoverTruncatedToolCalls, type TruncationRecoveryInput } from './recover-truncated-tool-calls.ts';
import { RequestTracker } from './request-tracker.ts';
import { settingsForModel } from './settings-for-model.ts';
import { formatSeconds, openUpstream } from './upstream-attempts.ts';

export interface ChatObserver {
  retried(format: FormatAdapter['api'], code: string): void;
  finished(event: UsageEvent, tracker: RequestTracker): void;
  /** The conversion dropped something (a remote image, an unsupported part). */
  conversionWarnings(api: FormatAdapter['api'], warnings: readonly string[], requestId: string): void;
  streamOpened(): void;
  streamClosed(): void;
  /** Kiro cut tool calls of this response; how it ended (`recoverTruncatedToolCalls`). */
  truncationSettled?: TruncationRecoveryInput['onSettled'];
}

export interface ChatDeps {
  broker: CredentialBroker;
  converter: KiroConverter;
  upstream: KiroUpstream;
  settings: ChatSettings;
  observer: ChatObserver;
}

export interface ChatInput {
  format: FormatAdapter;
  caller: Caller;
  request: CanonicalRequest;
  /** The request converted for Kiro (`KiroConverter.convert`), the same for every attempt. */
  conversion: KiroConversion;
  requestId: string;
  /** The client's `X-Request-ID`, never a key. */
  correlationId: string | null;
  ip: string | null;
  res: ServerResponse;
  /** Aborted when the client disconnects. */
  clientSignal: AbortSignal;
}

/**
 * One chat request, streaming or not, for any client format, in order: lease and open the upstream (retries before the first byte) → canonical event batches → the client's format → the
 * socket. Exactly one usage record and one broker outcome per request, whatever happens.
 */
export async function runChat(deps: ChatDeps, input: ChatInput): Promise<void> {
  const { format, request, conversion, res, caller, requestId } = input;
  const settings = settingsForModel(deps.settings, conversion.kiroModelId);
  const tracker = new RequestTracker();
  if (conversion.warnings.length > 0)
    deps.observer.conversionWarnings(format.api, conversion.warnings, requestId);
  const deadline = new AbortController();
  const requestSignal = linkedSignal(input.clientSignal, deadline.signal);
  const timer = request.stream
    ? undefined
    : setTimeout(() => deadline.abort(), settings.nonStreamTimeoutMs).unref();
  let leaseId: string | undefined;
  let credentialId: string | null = null;
  let httpStatus = 200;

  try {
    res.setHeader('x-kirogate-model', conversion.kiroModelId);
    const opened = await openUpstream({
      broker: deps.broker,
      leaseRequest: { caller, model: conversion.kiroModelId, sessionKey: conversion.sessionKey },
      start: (lease, signal) => deps.upstream.open(conversion, lease, signal),
      policy: settings,
      clientSignal: requestSignal,
      onRetry: (error) => deps.observer.retried(format.api, error.code),
    });
    leaseId = opened.lease.leaseId;
    credentialId = opened.lease.credentialId;
    tracker.attempts = opened.attempts;

    const silence = () =>
      new AppError(
        'UPSTREAM_TIMEOUT',
        `Kiro sent nothing for ${formatSeconds(settings.streamReadTimeoutMs)}.`,
      );
    const lease = opened.lease;
    const events = recoverTruncatedToolCalls({
      first: withIdleTimeout(opened.events, settings.streamReadTimeoutMs, opened.abort, silence),
      body: conversion.body,
      maxContinuations: settings.toolCallContinuations,
      continueWith: async (body) => {
        const controller = new AbortController();
        const signal = linkedSignal(requestSignal, controller.signal);
        const next = await deps.upstream.open({ ...conversion, body }, lease, signal);
        return withIdleTimeout(next, settings.streamReadTimeoutMs, () => controller.abort(), silence);
      },
      ...(deps.observer.truncationSettled && { onSettled: deps.observer.truncationSettled }),
    });
    const batches = inBandErrors(events, tracker, requestSignal, () => deadline.signal.aborted);
    const context: ResponseContext = {
      id: format.newResponseId(),
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      inputTokens: conversion.inputTokens,
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
          heartbeatMs: settings.heartbeatMs,
          slowClientTimeoutMs: settings.slowClientTimeoutMs,
          signal: input.clientSignal,
        });
      } finally {
        deps.observer.streamClosed();
      }
    } else {
      const response = await collect(batches, request.model);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(await format.renderResponse(response, context)));
    }
  } catch (caught) {
    if (input.clientSignal.aborted) {
      tracker.aborted = true;
    } else {
      const error = deadline.signal.aborted
        ? new AppError(
            'UPSTREAM_TIMEOUT',
            `Kiro did not finish within ${formatSeconds(settings.nonStreamTimeoutMs)}.`,
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
    deps.observer.finished(
      {
        requestId,
        correlationId: input.correlationId,
        at: new Date().toISOString(),
        caller: callerLabel(caller),
        userId: caller.kind === 'user' ? caller.userId : null,
        keyId: caller.kind === 'user' ? caller.keyId : null,
        credentialId,
        model: conversion.kiroModelId,
        api: format.api,
        stream: request.stream,
        status: tracker.status,
        httpStatus,
        errorClass: tracker.error?.code ?? null,
        inputTokens: tracker.usage?.inputTokens ?? conversion.inputTokens,
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
