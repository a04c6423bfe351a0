import { AppError } from '@kirogate/errors';
import { formatSse } from '@kirogate/eventstream';
import type { StreamEvent } from '../canonical/index.ts';
import { renderBatches } from '../canonical/render-batches.ts';
import { toOpenAiErrorBody } from '../openai-chat/to-openai-error.ts';
import {
  incompleteDetails,
  type OpenAiResponsesContext,
  type OpenAiResponsesOutputItem,
  outputItemId,
  responseObject,
  toOpenAiResponsesUsage,
} from './to-openai-responses-response.ts';

type OpenItem =
  | { kind: 'message'; index: number; id: string; text: string }
  | { kind: 'reasoning'; index: number; id: string; text: string };

interface OpenCall {
  index: number;
  id: string;
  callId: string;
  name: string;
  args: string;
}

/**
 * Canonical events → the Responses API's typed SSE events (`event: <type>` and a JSON `data` with the
 * same `type` and a `sequence_number` counting from 0), one string per batch (see `renderBatches`).
 * Items strictly one after another: `output_item.added`, its parts and deltas, `output_item.done`.
 * An `error` event after the start ends the stream with `response.failed` and an `error` event.
 */
export function toOpenAiResponsesStream(
  batches: AsyncIterable<readonly StreamEvent[]>,
  ctx: OpenAiResponsesContext,
): AsyncGenerator<string> {
  const renderer = new ResponsesEventRenderer(ctx);
  return renderBatches(
    batches,
    (event) => renderer.render(event),
    () =>
      renderer.render({
        type: 'error',
        error: new AppError('UPSTREAM_ERROR', 'The upstream stream ended before the response was complete'),
      }),
  );
}

class ResponsesEventRenderer {
  readonly #ctx: OpenAiResponsesContext;
  #sequence = 0;
  #started = false;
  readonly #output: OpenAiResponsesOutputItem[] = [];
  #open: OpenItem | undefined;
  readonly #calls = new Map<number, OpenCall>();
  #reasoning = '';
  #credits: number | undefined;

  constructor(ctx: OpenAiResponsesContext) {
    this.#ctx = ctx;
  }

  render(event: StreamEvent): string {
    let out = this.#start();
    switch (event.type) {
      case 'text-delta':
        if (event.text === '') return out;
        if (this.#open?.kind !== 'message') out += this.#closeOpen() + this.#openMessage();
        return out + this.#textDelta(event.text);
      case 'thinking-delta':
        if (event.text === '') return out;
        if (this.#open?.kind !== 'reasoning') out += this.#closeOpen() + this.#openReasoning();
        return out + this.#reasoningDelta(event.text);
      case 'thinking-end':
        return this.#open?.kind === 'reasoning' ? out + this.#closeOpen() : out;
      case 'tool-call-start':
        return out + this.#closeOpen() + this.#openCall(event.index, event.id, event.name);
      case 'tool-call-delta': {
        const call = this.#calls.get(event.index);
        if (!call || event.argumentsDelta === '') return out;
        call.args += event.argumentsDelta;
        return (
          out +
          this.#event('response.function_call_arguments.delta', {
            item_id: call.id,
            output_index: call.index,
            delta: event.argumentsDelta,
          })
        );
      }
      case 'tool-call-end': {
        if (!this.#calls.has(event.index))
          out += this.#closeOpen() + this.#openCall(event.index, event.id, event.name);
        return out + this.#closeCall(event.index, JSON.stringify(event.input));
      }
      case 'metering':
        this.#credits = (this.#credits ?? 0) + event.credits;
        return out;
      case 'context-usage':
        return out;
      case 'finish': {
        out += this.#closeAll();
        const details = incompleteDetails(event.reason);
        const usage = toOpenAiResponsesUsage(
          { ...event.usage, credits: event.usage.credits ?? this.#credits },
          this.#reasoning,
        );
        const response = responseObject(this.#ctx, {
          status: details ? 'incomplete' : 'completed',
          output: this.#output,
          usage,
          incompleteDetails: details,
        });
        return out + this.#event(details ? 'response.incomplete' : 'response.completed', { response });
      }
      case 'error': {
        out += this.#closeAll();
        const response = responseObject(this.#ctx, {
          status: 'failed',
          output: this.#output,
          usage: null,
          error: event.error,
        });
        const body = toOpenAiErrorBody(event.error).error;
        return (
          out +
          this.#event('response.failed', { response }) +
          this.#event('error', { code: body.code, message: body.message, param: body.param })
        );
      }
    }
  }

  #event(type: string, fields: Record<string, unknown>): string {
    const data = JSON.stringify({ type, ...fields, sequence_number: this.#sequence++ });
    return formatSse({ event: type, data });
  }

  #start(): string {
    if (this.#started) return '';
    this.#started = true;
    const response = responseObject(this.#ctx, { status: 'in_progress', output: [], usage: null });
    return this.#event('response.created', { response }) + this.#event('response.in_progress', { response });
  }

  #nextIndex(): number {
    return this.#output.length + (this.#open ? 1 : 0) + this.#calls.size;
  }

  #openMessage(): string {
    const index = this.#nextIndex();
    const id = outputItemId(this.#ctx.id, 'msg', index);
    this.#open = { kind: 'message', index, id, text: '' };
    return (
      this.#event('response.output_item.added', {
        output_index: index,
        item: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
      }) +
      this.#event('response.content_part.added', {
        item_id: id,
        output_index: index,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
      })
    );
  }

  #textDelta(text: string): string {
    const open = this.#open as OpenItem;
    open.text += text;
    return this.#event('response.output_text.delta', {
      item_id: open.id,
      output_index: open.index,
      content_index: 0,
      delta: text,
      logprobs: [],
    });
  }

  #openReasoning(): string {
    const index = this.#nextIndex();
    const id = outputItemId(this.#ctx.id, 'rs', index);
    this.#open = { kind: 'reasoning', index, id, text: '' };
    return (
      this.#event('response.output_item.added', {
        output_index: index,
        item: { id, type: 'reasoning', summary: [] },
      }) +
      this.#event('response.reasoning_summary_part.added', {
        item_id: id,
        output_index: index,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      })
    );
  }

  #reasoningDelta(text: string): string {
    const open = this.#open as OpenItem;
    open.text += text;
    this.#reasoning += text;
    return this.#event('response.reasoning_summary_text.delta', {
      item_id: open.id,
      output_index: open.index,
      summary_index: 0,
      delta: text,
    });
  }

  #closeOpen(): string {
    const open = this.#open;
    if (!open) return '';
    this.#open = undefined;
    const { id, index, text } = open;
    if (open.kind === 'message') {
      const part = { type: 'output_text' as const, text, annotations: [] as [], logprobs: [] as [] };
      const item: OpenAiResponsesOutputItem = {
        id,
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [part],
      };
      this.#output.push(item);
      return (
        this.#event('response.output_text.done', {
          item_id: id,
          output_index: index,
          content_index: 0,
          text,
          logprobs: [],
        }) +
        this.#event('response.content_part.done', {
          item_id: id,
          output_index: index,
          content_index: 0,
          part,
        }) +
        this.#event('response.output_item.done', { output_index: index, item })
      );
    }
    const part = { type: 'summary_text' as const, text };
    const item: OpenAiResponsesOutputItem = { id, type: 'reasoning', summary: [part] };
    this.#output.push(item);
    return (
      this.#event('response.reasoning_summary_text.done', {
        item_id: id,
        output_index: index,
        summary_index: 0,
        text,
      }) +
      this.#event('response.reasoning_summary_part.done', {
        item_id: id,
        output_index: index,
        summary_index: 0,
        part,
      }) +
      this.#event('response.output_item.done', { output_index: index, item })
    );
  }

  #openCall(index: number, callId: string, name: string): string {
    const outputIndex = this.#nextIndex();
    const id = outputItemId(this.#ctx.id, 'fc', outputIndex);
    this.#calls.set(index, { index: outputIndex, id, callId, name, args: '' });
    return this.#event('response.output_item.added', {
      output_index: outputIndex,
      item: { id, type: 'function_call', status: 'in_progress', call_id: callId, name, arguments: '' },
    });
  }

  /** `fallback` is the parsed input re-serialised, for a call whose arguments never streamed. */
  #closeCall(index: number, fallback: string): string {
    const call = this.#calls.get(index);
    if (!call) return '';
    this.#calls.delete(index);
    let out = '';
    if (call.args === '') {
      call.args = fallback;
      out += this.#event('response.function_call_arguments.delta', {
        item_id: call.id,
        output_index: call.index,
        delta: fallback,
      });
    }
    const item: OpenAiResponsesOutputItem = {
      id: call.id,
      type: 'function_call',
      status: 'completed',
      call_id: call.callId,
      name: call.name,
      arguments: call.args,
    };
    this.#output.push(item);
    return (
      out +
      this.#event('response.function_call_arguments.done', {
        item_id: call.id,
        output_index: call.index,
        name: call.name,
        arguments: call.args,
      }) +
      this.#event('response.output_item.done', { output_index: call.index, item })
    );
  }

  #closeAll(): string {
    let out = this.#closeOpen();
    for (const index of [...this.#calls.keys()]) out += this.#closeCall(index, '{}');
    return out;
  }
}
