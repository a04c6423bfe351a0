import { AppError } from '@kirogate/errors';
import { formatSse } from '@kirogate/eventstream';
import type { StreamEvent } from '../canonical/index.ts';
import { renderBatches } from '../canonical/render-batches.ts';
import type { OpenAiChatContext } from './to-openai-chat-response.ts';
import { toOpenAiStreamError } from './to-openai-stream-error.ts';
import { toOpenAiFinishReason, toOpenAiUsage } from './to-openai-usage.ts';

export interface OpenAiChatStreamContext extends OpenAiChatContext {
  /** The model name as the client sent it. */
  model: string;
  /** `stream_options.include_usage`: a last chunk with empty `choices` carries the usage. */
  includeUsage: boolean;
}

type Delta = Record<string, unknown>;

/**
 * Canonical events → OpenAI `chat.completion.chunk` SSE, one string per batch of events (see
 * `renderBatches`); `error` events are rendered in-band.
 */
export function toOpenAiChatStream(
  batches: AsyncIterable<readonly StreamEvent[]>,
  ctx: OpenAiChatStreamContext,
): AsyncGenerator<string> {
  const renderer = new OpenAiChunkRenderer(ctx);
  return renderBatches(
    batches,
    (event) => renderer.render(event),
    () =>
      toOpenAiStreamError(
        new AppError('UPSTREAM_ERROR', 'The upstream stream ended before the response was complete'),
      ),
  );
}

/** Renders one canonical event as zero or more SSE chunks, keeping what the stream has sent so far. */
class OpenAiChunkRenderer {
  readonly #ctx: OpenAiChatStreamContext;
  #roleSent = false;
  /** Per tool-call index: whether argument text has been sent for it yet. */
  readonly #argumentsSent = new Map<number, boolean>();
  #credits: number | undefined;

  constructor(ctx: OpenAiChatStreamContext) {
    this.#ctx = ctx;
  }

  render(event: StreamEvent): string {
    switch (event.type) {
      case 'text-delta':
        return event.text === '' ? '' : this.#delta({ content: event.text });
      case 'thinking-delta':
        return event.text === '' ? '' : this.#delta({ reasoning_content: event.text });
      case 'tool-call-start':
        this.#argumentsSent.set(event.index, false);
        return this.#delta({
          tool_calls: [
            {
              index: event.index,
              id: event.id,
              type: 'function',
              function: { name: event.name, arguments: '' },
            },
          ],
        });
      case 'tool-call-delta':
        if (event.argumentsDelta === '') return '';
        this.#argumentsSent.set(event.index, true);
        return this.#delta({
          tool_calls: [{ index: event.index, function: { arguments: event.argumentsDelta } }],
        });
      case 'tool-call-end': {
        const sent = this.#argumentsSent.get(event.index);
        this.#argumentsSent.set(event.index, true);
        const args = JSON.stringify(event.input);
        // A call with no streamed fragments still needs parseable arguments ("{}" at least).
        if (sent === undefined) {
          return this.#delta({
            tool_calls: [
              {
                index: event.index,
                id: event.id,
                type: 'function',
                function: { name: event.name, arguments: args },
              },
            ],
          });
        }
        return sent
          ? ''
          : this.#delta({ tool_calls: [{ index: event.index, function: { arguments: args } }] });
      }
      case 'metering':
        this.#credits = (this.#credits ?? 0) + event.credits;
        return '';
      case 'finish': {
        let out = this.#roleSent ? '' : this.#delta({ content: '' });
        out += this.#delta({}, toOpenAiFinishReason(event.reason));
        if (this.#ctx.includeUsage) {
          out += this.#chunk(
            [],
            toOpenAiUsage({ ...event.usage, credits: event.usage.credits ?? this.#credits }),
          );
        }
        return out + formatSse({ data: '[DONE]' });
      }
      case 'error':
        return toOpenAiStreamError(event.error);
      case 'thinking-end':
      case 'context-usage':
        return '';
    }
  }

  #chunk(choices: unknown[], usage: unknown = null): string {
    const ctx = this.#ctx;
    return formatSse({
      data: JSON.stringify({
        id: ctx.id,
        object: 'chat.completion.chunk',
        created: ctx.created,
        model: ctx.model,
        choices,
        ...(ctx.includeUsage ? { usage } : {}),
      }),
    });
  }

  #delta(fields: Delta, finishReason: string | null = null): string {
    const withRole = this.#roleSent ? fields : { role: 'assistant', ...fields };
    this.#roleSent = true;
    return this.#chunk([{ index: 0, delta: withRole, finish_reason: finishReason }]);
  }
}
