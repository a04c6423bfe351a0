import type { UsageEvent } from '@kirogate/jobs';
import type { Metrics } from '@kirogate/observability';
import type { ToolCallCut, TruncationOutcome } from './pipeline/recover-truncated-tool-calls.ts';
import type { RequestTracker } from './pipeline/request-tracker.ts';
import type { ChatObserver } from './pipeline/run-chat.ts';

const latencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/**
 * The gateway's Prometheus metrics, fed once per finished request. No caller or key in any label, and
 * a model label is a listed model or `other`, so clients cannot mint series by inventing model names.
 */
export function gatewayMetrics(
  metrics: Metrics,
  isListedModel: (kiroModelId: string) => boolean,
): ChatObserver & {
  openStreams(): number;
  usageRejected(events: number): void;
  truncationSettled(outcome: TruncationOutcome, cuts: readonly ToolCallCut[]): void;
} {
  const modelLabel = (model: string): string => (isListedModel(model) ? model : 'other');
  const requests = metrics.counter<'api' | 'model' | 'status' | 'stream'>({
    name: 'requests_total',
    help: 'Chat requests by client API, Kiro model, outcome and streaming',
    labelNames: ['api', 'model', 'status', 'stream'],
  });
  const duration = metrics.histogram<'api' | 'stream'>({
    name: 'request_duration_seconds',
    help: 'Time from request to the last byte',
    labelNames: ['api', 'stream'],
    buckets: latencyBuckets,
  });
  const ttft = metrics.histogram<'api' | 'model'>({
    name: 'time_to_first_token_seconds',
    help: 'Time from request to the first model output',
    labelNames: ['api', 'model'],
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 60, 120],
  });
  const tokens = metrics.counter<'direction' | 'model'>({
    name: 'tokens_total',
    help: 'Tokens by direction (input/output) and model',
    labelNames: ['direction', 'model'],
  });
  const credits = metrics.counter<'model'>({
    name: 'credits_total',
    help: 'Kiro credits consumed',
    labelNames: ['model'],
  });
  const upstreamErrors = metrics.counter<'class'>({
    name: 'upstream_errors_total',
    help: 'Failed requests by error class',
    labelNames: ['class'],
  });
  const retries = metrics.counter<'api' | 'class'>({
    name: 'retries_total',
    help: 'Upstream attempts repeated, by the error that caused them',
    labelNames: ['api', 'class'],
  });
  const usageRejected = metrics.counter({
    name: 'usage_records_rejected_total',
    help: 'Usage records the queue refused for good (dropped, each logged once)',
  });
  const conversionWarnings = metrics.counter<'api'>({
    name: 'conversion_warnings_total',
    help: 'Parts of requests the conversion could not pass to Kiro (e.g. remote images), by client API',
    labelNames: ['api'],
  });
  const truncatedToolCalls = metrics.counter<'outcome'>({
    name: 'truncated_tool_calls_total',
    help: 'Tool calls whose input Kiro cut off, by how the response ended (recovered: a continuation finished the work; failed: the client was told)',
    labelNames: ['outcome'],
  });
  let open = 0;
  metrics.gauge({
    name: 'open_streams',
    help: 'SSE streams being written',
    collect: (gauge) => gauge.set({}, open),
  });

  return {
    retried(api, code) {
      retries.inc({ api, class: code });
    },
    conversionWarnings(api, warnings) {
      conversionWarnings.inc({ api }, warnings.length);
    },
    streamOpened() {
      open += 1;
    },
    streamClosed() {
      open -= 1;
    },
    openStreams: () => open,
    usageRejected(events) {
      usageRejected.inc({}, events);
    },
    truncationSettled(outcome, cuts) {
      truncatedToolCalls.inc({ outcome }, cuts.length);
    },
    finished(event: UsageEvent, tracker: RequestTracker) {
      const model = modelLabel(event.model);
      requests.inc({
        api: event.api,
        model,
        status: event.status,
        stream: String(event.stream),
      });
      duration.observe({ api: event.api, stream: String(event.stream) }, event.durationMs / 1000);
      const firstToken = tracker.ttftMs;
      if (firstToken !== null) ttft.observe({ api: event.api, model }, firstToken / 1000);
      tokens.inc({ direction: 'input', model }, event.inputTokens);
      tokens.inc({ direction: 'output', model }, event.outputTokens);
      if (event.credits > 0) credits.inc({ model }, event.credits);
      if (event.errorClass) upstreamErrors.inc({ class: event.errorClass });
    },
  };
}
