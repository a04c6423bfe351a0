import { randomBytes } from 'node:crypto';
import type { Caller } from '@kirogate/contracts';
import {
  type CanonicalRequest,
  type CanonicalResponse,
  fromOpenAiResponsesRequest,
  type OpenAiResponsesContext,
  type OpenAiResponsesRequest,
  openAiHeartbeat,
  parseOpenAiResponsesRequest,
  ResponseCollector,
  type StreamEvent,
  toOpenAiError,
  toOpenAiResponsesResponse,
  toOpenAiResponsesStream,
} from '@kirogate/protocol';
import type { ResponseStore } from '../responses/response-store.ts';
import type { FormatAdapter, ResponseContext } from './format-adapter.ts';

/** The Responses API without a turn: parses bodies that need no stored conversation, renders errors. */
export const responsesFormat: FormatAdapter = {
  api: 'responses',
  parseRequest: (body) => fromOpenAiResponsesRequest(parseOpenAiResponsesRequest(body)),
  renderError: toOpenAiError,
  renderResponse: (response, context) => toOpenAiResponsesResponse(response, responsesContext(context)),
  renderStream: (batches, context) => toOpenAiResponsesStream(batches, responsesContext(context)),
  heartbeat: openAiHeartbeat(),
  newResponseId: () => `resp_${randomBytes(12).toString('hex')}`,
};

export interface ResponsesTurn {
  /** The validated body: the response object echoes its settings. */
  wire: OpenAiResponsesRequest;
  caller: Caller;
  store: ResponseStore;
  onStoreError: (error: unknown) => void;
}

/**
 * The Responses API for one request: renders with the request's settings and, unless `store: false`,
 * stores the finished response before the client sees it finished, so a `previous_response_id` sent
 * right after it finds it.
 */
export function responsesTurnFormat(turn: ResponsesTurn): FormatAdapter {
  const contextOf = (context: ResponseContext): OpenAiResponsesContext => ({
    id: context.id,
    createdAt: context.created,
    model: context.model,
    request: turn.wire,
  });
  const save = async (response: CanonicalResponse, context: ResponseContext) => {
    if (turn.wire.store === false) return;
    try {
      await turn.store.save(turn.caller, {
        response: toOpenAiResponsesResponse(response, contextOf(context)),
        messages: [...context.request.messages, { role: 'assistant', content: response.content }],
      });
    } catch (error) {
      turn.onStoreError(error);
    }
  };
  return {
    ...responsesFormat,
    renderResponse: async (response, context) => {
      await save(response, context);
      return toOpenAiResponsesResponse(response, contextOf(context));
    },
    renderStream: (batches, context) =>
      toOpenAiResponsesStream(
        savedOnFinish(batches, context.request, (response) => save(response, context)),
        contextOf(context),
      ),
  };
}

/** Passes the batches on; the one that finishes the answer waits until the answer is stored. */
async function* savedOnFinish(
  batches: AsyncIterable<readonly StreamEvent[]>,
  request: CanonicalRequest,
  save: (response: CanonicalResponse) => Promise<void>,
): AsyncGenerator<readonly StreamEvent[]> {
  const collector = new ResponseCollector(request.model);
  for await (const batch of batches) {
    for (const event of batch) {
      if (event.type === 'error') continue;
      const response = collector.add(event);
      if (response) await save(response);
    }
    yield batch;
  }
}

function responsesContext(context: ResponseContext): OpenAiResponsesContext {
  return {
    id: context.id,
    createdAt: context.created,
    model: context.model,
    request: { model: context.model, input: [] },
  };
}
