import type { Caller } from '@kirogate/contracts';
import { AppError, toAppError } from '@kirogate/errors';
import {
  type CanonicalRequest,
  fromOpenAiResponsesRequest,
  itemReferenceIds,
  type Message,
  type OpenAiResponsesOutputItem,
  type OpenAiResponsesRequest,
  parseOpenAiResponsesRequest,
  responseIdOfItem,
} from '@kirogate/protocol';
import express, { type Request, type Response } from 'express';
import type { PreparedChat } from '../app.ts';
import type { DebugDumps } from '../debug/debug-dumps.ts';
import { withDebugDump } from '../debug/with-debug-dump.ts';
import type { FormatAdapter } from '../formats/format-adapter.ts';
import { responsesFormat, responsesTurnFormat } from '../formats/responses-format.ts';
import { sendError } from '../http/send-error.ts';
import type { Admission } from '../limits/limit-guard.ts';
import type { KiroConversion } from '../upstreams/kiro/kiro-conversion.ts';
import type { ResponseStore } from './response-store.ts';

export interface ResponsesDeps {
  store: ResponseStore;
  onStoreError: (error: unknown) => void;
}

export interface ResponsesRouterDeps extends ResponsesDeps {
  /** Runs the prepared chat (the gateway's own `serveChat`: abort on disconnect, admission released). */
  serve: (req: Request, res: Response, chat: PreparedChat) => Promise<void>;
  /** Reads the JSON body (after `authorize`, as on every `/v1` route). */
  readBody: (req: Request) => Promise<unknown>;
  /** The gateway's caller check: draining, authentication, rate limit. */
  authorize: (req: Request, format: FormatAdapter) => Promise<Caller>;
  /**
   * What every chat route does once the request is parsed (images, conversion, the caller's limits);
   * the admission is released when the chat ends.
   */
  prepare: (
    req: Request,
    caller: Caller,
    request: CanonicalRequest,
  ) => Promise<{ conversion: KiroConversion; admission: Admission }>;
  /** Per-request debug dumps (`DEBUG_MODE`). */
  debug: DebugDumps | undefined;
}

function notFound(id: string, param?: string): AppError {
  const text = `No response with id ${JSON.stringify(id.slice(0, 64))} found.`;
  return new AppError('NOT_FOUND', param ? `${param}: ${text}` : text, param ? { param } : {});
}

/** One cache read each: bounds what one request can make the gateway read. */
const maxReferencedResponses = 256;

/** The caller's stored output items that `item_reference` inputs name; unknown ids are left out. */
async function referencedItems(
  wire: OpenAiResponsesRequest,
  caller: Caller,
  store: ResponseStore,
): Promise<Map<string, OpenAiResponsesOutputItem>> {
  const items = new Map<string, OpenAiResponsesOutputItem>();
  const responseIds = new Set(itemReferenceIds(wire).flatMap((id) => responseIdOfItem(id) ?? []));
  if (responseIds.size > maxReferencedResponses) {
    throw new AppError(
      'INVALID_REQUEST',
      `input: item_reference items name ${responseIds.size} stored responses; at most ${maxReferencedResponses} are looked up`,
      { param: 'input' },
    );
  }
  for (const id of responseIds) {
    const stored = await store.load(caller, id);
    for (const item of stored?.response.output ?? []) items.set(item.id, item);
  }
  return items;
}

/** `POST /v1/responses`, `GET` and `DELETE /v1/responses/{id}`. */
export function responsesRouter(deps: ResponsesRouterDeps): express.Router {
  const router = express.Router();

  router.post(
    '/v1/responses',
    withDebugDump(deps.debug, async (req: Request, res: Response) => {
      let caller: Caller;
      let format: FormatAdapter;
      let request: ReturnType<typeof fromOpenAiResponsesRequest>;
      let conversion: KiroConversion;
      let admission: Admission;
      try {
        caller = await deps.authorize(req, responsesFormat);
        const wire = parseOpenAiResponsesRequest(await deps.readBody(req));
        let history: Message[] = [];
        if (wire.previous_response_id) {
          const previous = await deps.store.load(caller, wire.previous_response_id);
          if (!previous) throw notFound(wire.previous_response_id, 'previous_response_id');
          history = previous.messages;
        }
        request = fromOpenAiResponsesRequest(wire, history, await referencedItems(wire, caller, deps.store));
        format = responsesTurnFormat({ wire, caller, store: deps.store, onStoreError: deps.onStoreError });
        ({ conversion, admission } = await deps.prepare(req, caller, request));
      } catch (error) {
        if (!req.complete) res.setHeader('connection', 'close');
        sendError(res, responsesFormat, toAppError(error));
        return;
      }
      await deps.serve(req, res, { format, caller, request, conversion, admission });
    }),
  );

  router.get('/v1/responses/:id', async (req: Request<{ id: string }>, res: Response) => {
    try {
      const caller = await deps.authorize(req, responsesFormat);
      const stored = await deps.store.load(caller, req.params.id);
      if (!stored) throw notFound(req.params.id);
      res.json(stored.response);
    } catch (error) {
      sendError(res, responsesFormat, toAppError(error));
    }
  });

  router.delete('/v1/responses/:id', async (req: Request<{ id: string }>, res: Response) => {
    try {
      const caller = await deps.authorize(req, responsesFormat);
      if (!(await deps.store.delete(caller, req.params.id))) throw notFound(req.params.id);
      res.json({ id: req.params.id, object: 'response', deleted: true });
    } catch (error) {
      sendError(res, responsesFormat, toAppError(error));
    }
  });

  return router;
}
