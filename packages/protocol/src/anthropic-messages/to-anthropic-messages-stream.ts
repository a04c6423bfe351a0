import { AppError } from '@kirogate/errors';
import type { StreamEvent } from '../canonical/index.ts';
import { renderBatches } from '../canonical/render-batches.ts';
import { AnthropicBlockSequencer, anthropicEvent, type BlockKey } from './anthropic-block-sequencer.ts';
import type { AnthropicMessagesContext } from './to-anthropic-messages-response.ts';
import { toAnthropicStreamError } from './to-anthropic-stream-error.ts';
import { toAnthropicStopReason, toAnthropicUsage } from './to-anthropic-usage.ts';

export interface AnthropicMessagesStreamContext extends AnthropicMessagesContext {
  /** The model name as the client sent it. */
  model: string;
  /** The gateway's estimate for `message_start`; the final count goes in `message_delta`. */
  inputTokens: number;
}

/**
 * Renders one canonical event as Anthropic SSE (possibly several SSE events, or '' for none).
 * Blocks open lazily and a new kind of content closes the text or thinking block before it.
 */
function render(event: StreamEvent, blocks: AnthropicBlockSequencer, omitThinking: boolean): string {
  switch (event.type) {
    case 'text-delta': {
      if (event.text === '') return '';
      let out = '';
      if (!blocks.isOpen('text'))
        out += blocks.stop('thinking') + blocks.start('text', { type: 'text', text: '' });
      return out + blocks.delta('text', { type: 'text_delta', text: event.text });
    }
    case 'thinking-delta': {
      if (event.text === '') return '';
      let out = '';
      if (!blocks.isOpen('thinking')) out += openThinking(blocks);
      if (!omitThinking) out += blocks.delta('thinking', { type: 'thinking_delta', thinking: event.text });
      return out;
    }
    case 'thinking-end': {
      if (event.redacted !== undefined) {
        const block = { type: 'redacted_thinking', data: event.redacted };
        return (
          blocks.stop('thinking') +
          blocks.stop('text') +
          blocks.start('thinking', block) +
          blocks.stop('thinking')
        );
      }
      const open = blocks.isOpen('thinking') ? '' : openThinking(blocks);
      const signature = blocks.delta('thinking', { type: 'signature_delta', signature: event.signature });
      return open + signature + blocks.stop('thinking');
    }
    case 'tool-call-start': {
      const key: BlockKey = `tool:${event.index}`;
      if (blocks.wasStarted(key)) return '';
      const block = { type: 'tool_use', id: event.id, name: event.name, input: {} };
      return blocks.stop('thinking') + blocks.stop('text') + blocks.start(key, block);
    }
    case 'tool-call-delta': {
      const key: BlockKey = `tool:${event.index}`;
      if (event.argumentsDelta === '' || !blocks.isOpen(key)) return '';
      return blocks.delta(key, { type: 'input_json_delta', partial_json: event.argumentsDelta });
    }
    case 'tool-call-end': {
      const key: BlockKey = `tool:${event.index}`;
      if (blocks.isOpen(key)) return blocks.stop(key);
      if (blocks.wasStarted(key)) return '';
      // An end without a start: the whole call in one go.
      const block = { type: 'tool_use', id: event.id, name: event.name, input: {} };
      const input = JSON.stringify(event.input);
      return (
        blocks.stop('thinking') +
        blocks.stop('text') +
        blocks.start(key, block) +
        (input === '{}' ? '' : blocks.delta(key, { type: 'input_json_delta', partial_json: input })) +
        blocks.stop(key)
      );
    }
    case 'finish':
      return (
        blocks.stopAll() +
        anthropicEvent('message_delta', {
          delta: { stop_reason: toAnthropicStopReason(event.reason), stop_sequence: null },
          usage: toAnthropicUsage(event.usage.inputTokens, event.usage.outputTokens, event.usage),
        }) +
        anthropicEvent('message_stop', {})
      );
    case 'error':
      return toAnthropicStreamError(event.error);
    case 'metering':
    case 'context-usage':
      return '';
  }
}

function openThinking(blocks: AnthropicBlockSequencer): string {
  return blocks.stop('text') + blocks.start('thinking', { type: 'thinking', thinking: '', signature: '' });
}

/**
 * Canonical events → Anthropic Messages SSE, one string per batch of events (see `renderBatches`).
 * `message_start` goes out with the first event; `error` events are rendered in-band and end the stream.
 */
export function toAnthropicMessagesStream(
  batches: AsyncIterable<readonly StreamEvent[]>,
  ctx: AnthropicMessagesStreamContext,
): AsyncGenerator<string> {
  const blocks = new AnthropicBlockSequencer();
  const omitThinking = ctx.thinkingDisplay === 'omitted';
  let started = false;
  const renderWithStart = (event: StreamEvent): string => {
    if (started || event.type === 'error') return render(event, blocks, omitThinking);
    started = true;
    const start = anthropicEvent('message_start', {
      message: {
        id: ctx.id,
        type: 'message',
        role: 'assistant',
        model: ctx.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: toAnthropicUsage(ctx.inputTokens, 0),
      },
    });
    return start + render(event, blocks, omitThinking);
  };
  return renderBatches(batches, renderWithStart, () =>
    toAnthropicStreamError(
      new AppError('UPSTREAM_ERROR', 'The upstream stream ended before the response was complete'),
    ),
  );
}
