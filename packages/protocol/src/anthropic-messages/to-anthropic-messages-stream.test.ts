import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Anthropic from '@anthropic-ai/sdk';
import { AppError } from '@kirogate/errors';
import { parseSse } from '@kirogate/eventstream';
import { describe, expect, it } from 'vitest';
import { collectResponse } from '../canonical/collect-response.ts';
import type { StreamEvent } from '../canonical/index.ts';
import {
  drain,
  golden,
  loadStreamFixtures,
  rechunkEvents,
  replay,
  replayInBatches,
  responseOf,
} from '../shared/stream-test-kit.ts';
import { toAnthropicMessagesResponse } from './to-anthropic-messages-response.ts';
import {
  type AnthropicMessagesStreamContext,
  toAnthropicMessagesStream,
} from './to-anthropic-messages-stream.ts';

const dir = fileURLToPath(new URL('../../testdata/anthropic-messages/streams/', import.meta.url));
const fixtures = loadStreamFixtures<AnthropicMessagesStreamContext>(dir);
const seeds = [1, 2, 3, 4, 5, 6, 7, 8];

type Payload = {
  type: string;
  index?: number;
  content_block?: { type: string };
  delta?: { type?: string; text?: string };
  error?: { type: string; message: string };
};

async function sseOf(events: StreamEvent[], context: AnthropicMessagesStreamContext): Promise<string> {
  return (await drain(toAnthropicMessagesStream(replayInBatches(events), context))).join('');
}

/** The ordering rules the Anthropic SDK and Claude Code rely on. */
function checkOrdering(payloads: Payload[]): void {
  const open = new Map<number, { type: string; deltas: string[] }>();
  const seen = new Set<number>();
  let next = 0;
  let finished = false;
  for (const payload of payloads) {
    expect(finished, `${payload.type} after message_delta`).toBe(payload.type === 'message_stop');
    switch (payload.type) {
      case 'content_block_start': {
        expect(payload.index).toBe(next++);
        // Like the real API, a block starts only after the previous one stopped.
        expect([...open.keys()], `block ${payload.index} started while others are open`).toEqual([]);
        open.set(payload.index ?? -1, { type: payload.content_block?.type ?? '', deltas: [] });
        break;
      }
      case 'content_block_delta': {
        const block = open.get(payload.index ?? -1);
        expect(block, `delta for block ${payload.index} that is not open`).toBeDefined();
        block?.deltas.push(payload.delta?.type ?? '');
        break;
      }
      case 'content_block_stop': {
        const block = open.get(payload.index ?? -1);
        expect(block, `stop for block ${payload.index} that is not open`).toBeDefined();
        expect(seen.has(payload.index ?? -1)).toBe(false);
        if (block?.type === 'text') expect(block.deltas).toContain('text_delta');
        if (block?.type === 'thinking' && block.deltas.includes('signature_delta')) {
          expect(block.deltas[block.deltas.length - 1]).toBe('signature_delta');
        }
        open.delete(payload.index ?? -1);
        seen.add(payload.index ?? -1);
        break;
      }
      case 'message_delta':
        expect([...open.keys()], 'blocks left open at message_delta').toEqual([]);
        finished = true;
        break;
    }
  }
}

describe.each(fixtures)('toAnthropicMessagesStream $name', ({ name, context, events }) => {
  const failure = events.find((event) => event.type === 'error');

  it('matches the golden SSE', async () => {
    const { actual, expected } = golden(join(dir, `${name}.golden.sse`), await sseOf(events, context));
    expect(actual).toBe(expected);
  });

  it.each([0, ...seeds])(
    'keeps the event order Anthropic clients rely on (0: the golden file, else re-chunked with that seed: %i)',
    async (seed) => {
      const sse =
        seed === 0
          ? readFileSync(join(dir, `${name}.golden.sse`), 'utf8')
          : await sseOf(rechunkEvents(events, seed), context);
      const messages = await drain(parseSse(responseOf(sse, seed).body as ReadableStream<Uint8Array>));
      const payloads = messages.map((message) => {
        const payload = JSON.parse(message.data) as Payload;
        expect(message.event).toBe(payload.type);
        return payload;
      });
      expect(payloads[0]?.type).toBe('message_start');
      const last = payloads[payloads.length - 1];
      if (failure) {
        expect(last).toEqual({
          type: 'error',
          error: expect.objectContaining({ message: failure.error.message }),
        });
        checkOrdering(payloads.slice(0, -1));
      } else {
        expect(last?.type).toBe('message_stop');
        checkOrdering(payloads);
      }
      if (context.thinkingDisplay === 'omitted') {
        expect(payloads.some((payload) => payload.delta?.type === 'thinking_delta')).toBe(false);
      }
    },
  );

  it.each(seeds)(
    'is accepted by @anthropic-ai/sdk with the same message as collectResponse (seed %i)',
    async (seed) => {
      const sse = await sseOf(rechunkEvents(events, seed), context);
      const client = new Anthropic({
        apiKey: 'test',
        baseURL: 'http://gateway.test',
        maxRetries: 0,
        fetch: async () => responseOf(sse, seed),
      });
      const stream = client.messages.stream({
        model: context.model,
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'hi' }],
      });
      if (failure) {
        await expect(stream.finalMessage()).rejects.toThrow(failure.error.message);
        return;
      }
      const message = await stream.finalMessage();
      const expected = toAnthropicMessagesResponse(
        await collectResponse(replay(events), context.model),
        context,
      );
      expect(message.id).toBe(expected.id);
      expect(message.model).toBe(expected.model);
      expect(message.stop_reason).toBe(expected.stop_reason);
      expect(message.usage).toMatchObject(expected.usage);
      expect(message.content).toEqual(expected.content.map((block) => expect.objectContaining(block)));
    },
  );
});

describe('toAnthropicMessagesStream behaviour', () => {
  const ctx = { id: 'msg_x', model: 'm', inputTokens: 7 };
  const finish: StreamEvent = {
    type: 'finish',
    reason: 'stop',
    usage: { inputTokens: 9, outputTokens: 1 },
    truncated: false,
  };

  function payloads(sse: string[]): Payload[] {
    return sse
      .join('')
      .split('\n\n')
      .filter((block) => block !== '')
      .map((block) => JSON.parse(block.split('\ndata: ')[1] ?? '') as Payload);
  }

  it('writes nothing before the first event, so a failing source can still get an HTTP error', async () => {
    const failing: AsyncIterable<StreamEvent[]> = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.reject(new AppError('UPSTREAM_TIMEOUT', 'no answer')),
      }),
    };
    await expect(toAnthropicMessagesStream(failing, ctx).next()).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
    });
  });

  it('sends only the error when the first event is an error', async () => {
    const error = new AppError('UPSTREAM_THROTTLED', 'Too many requests');
    const out = payloads(
      await drain(toAnthropicMessagesStream(replayInBatches([{ type: 'error', error }]), ctx)),
    );
    expect(out).toEqual([
      { type: 'error', error: { type: 'rate_limit_error', message: 'Too many requests' } },
    ]);
  });

  it('ends with an in-band api_error when the source stops without finishing', async () => {
    for (const seed of [1, 2, 3]) {
      const events = rechunkEvents([{ type: 'text-delta', text: 'partial answer' }], seed);
      const out = payloads(await drain(toAnthropicMessagesStream(replayInBatches(events), ctx)));
      expect(out[out.length - 1]).toMatchObject({ type: 'error', error: { type: 'api_error' } });
      expect(out.some((payload) => payload.type === 'message_stop')).toBe(false);
    }
  });

  it('reports the estimate in message_start and the final input tokens in message_delta', async () => {
    const out = payloads(await drain(toAnthropicMessagesStream(replayInBatches([finish]), ctx)));
    expect(out).toEqual([
      expect.objectContaining({ type: 'message_start', message: expect.objectContaining({ content: [] }) }),
      expect.objectContaining({ type: 'message_delta' }),
      { type: 'message_stop' },
    ]);
    expect(JSON.stringify(out[0])).toContain('"input_tokens":7,"output_tokens":0');
    expect(out[1]).toMatchObject({ usage: { input_tokens: 9, output_tokens: 1 } });
  });

  it('sends a call that arrives only as an end event as one tool_use block', async () => {
    const events: StreamEvent[] = [
      { type: 'text-delta', text: 'x' },
      { type: 'tool-call-end', index: 0, id: 't', name: 'ls', input: { path: '/' }, truncated: false },
      { ...finish, reason: 'tool-calls' },
    ];
    const out = payloads(await drain(toAnthropicMessagesStream(replayInBatches(events), ctx)));
    expect(out.map((payload) => `${payload.type}:${payload.index ?? ''}`)).toEqual([
      'message_start:',
      'content_block_start:0',
      'content_block_delta:0',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_delta:1',
      'content_block_stop:1',
      'message_delta:',
      'message_stop:',
    ]);
    expect(out[5]?.delta).toEqual({ type: 'input_json_delta', partial_json: '{"path":"/"}' });
  });

  it('opens a new text block for text that follows a tool call', async () => {
    const events: StreamEvent[] = [
      { type: 'text-delta', text: 'before' },
      { type: 'tool-call-start', index: 0, id: 't', name: 'f' },
      { type: 'tool-call-end', index: 0, id: 't', name: 'f', input: {}, truncated: false },
      { type: 'text-delta', text: 'after' },
      finish,
    ];
    const out = payloads(await drain(toAnthropicMessagesStream(replayInBatches(events), ctx)));
    const starts = out.filter((payload) => payload.type === 'content_block_start');
    expect(starts.map((payload) => payload.content_block?.type)).toEqual(['text', 'tool_use', 'text']);
    checkOrdering(out.slice(1));
  });
});
