import type { AppError } from '@kirogate/errors';
import type { CanonicalRequest, CanonicalResponse, StreamEvent } from '@kirogate/protocol';

export type ApiFormat = 'openai' | 'anthropic' | 'responses';

export interface ResponseContext {
  id: string;
  /** Unix seconds. */
  created: number;
  /** The model name as the client sent it (echoed back). */
  model: string;
  inputTokens: number;
  request: CanonicalRequest;
}

export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What the gateway needs from one client wire format; the conversions themselves live in @kirogate/protocol. */
export interface FormatAdapter {
  api: ApiFormat;
  parseRequest(body: unknown): CanonicalRequest;
  renderError(error: AppError): RenderedError;
  /** The body to send; a promise when rendering waits for something (the Responses API stores first). */
  renderResponse(response: CanonicalResponse, context: ResponseContext): unknown;
  /** SSE text for the event batches, at most one string per batch. */
  renderStream(
    batches: AsyncIterable<readonly StreamEvent[]>,
    context: ResponseContext,
  ): AsyncIterable<string>;
  /** Sent on idle streams: an Anthropic `ping` event or an SSE comment. */
  heartbeat: string;
  newResponseId(): string;
}
