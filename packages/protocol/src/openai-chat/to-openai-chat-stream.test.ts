import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@kirogate/errors';
import { parseSse } from '@kirogate/eventstream';
import OpenAI from 'openai';
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
import { openAiHeartbeat } from './openai-heartbeat.ts';
import { toOpenAiChatResponse } from './to-openai-chat-response.ts';
import { type OpenAiChatStreamContext, toOpenAiChatStream } from './to-openai-chat-stream.ts';

const dir = fileURLToPath(new URL('../../testdata/openai-chat/streams/', import.meta.url));
const fixtures = loadStreamFixtures<OpenAiChatStreamContext>(dir);
const seeds = [1, 2, 3, 4, 5, 6, 7, 8];

type Chunk = {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>;
  usage?: unknown;
  error?: { message: string; type: string };
};

async function sseOf(fixture: (typeof fixtures)[number], seed?: number): Promise<string> {
  const events = seed === undefined ? fixture.events : rechunkEvents(fixture.events, seed);
  return (await drain(toOpenAiChatStream(replayInBatches(events), fixture.context))).join('');
}

function sdkClient(sse: string, seed: number): OpenAI {
  return new OpenAI({
    apiKey: 'test',
    baseURL: 'http://gateway.test/v1',
    maxRetries: 0,
    fetch: async () => responseOf(sse, seed),
  });
}

/** Streamed arguments keep the upstream's spacing; compare them as JSON. */
function parsedCall(call: { id: string; type: string; function?: { name: string; arguments: string } }) {
  return {
    id: call.id,
    type: call.type,
    name: call.function?.name,
    input: JSON.parse(call.function?.arguments ?? ''),
  };
}

describe.each(fixtures)('toOpenAiChatStream $name', (fixture) => {
  const { name, context, events } = fixture;
  const failure = events.find((event) => event.type === 'error');

  it('matches the golden SSE', async () => {
    const { actual, expected } = golden(join(dir, `${name}.golden.sse`), await sseOf(fixture));
    expect(actual).toBe(expected);
  });

  it.each([0, ...seeds])(
    'frames a well-formed chunk sequence (0: the golden file, else re-chunked with that seed: %i)',
    async (seed) => {
      const sse =
        seed === 0 ? readFileSync(join(dir, `${name}.golden.sse`), 'utf8') : await sseOf(fixture, seed);
      const bytes = responseOf(sse, seed).body as ReadableStream<Uint8Array>;
      const messages = await drain(parseSse(bytes));
      const data = messages.map((message) => message.data);
      const last = data[data.length - 1];
      if (failure) {
        expect(data).not.toContain('[DONE]');
        expect(JSON.parse(last ?? '')).toEqual({
          error: expect.objectContaining({ message: failure.error.message }),
        });
        data.pop();
      } else {
        expect(last).toBe('[DONE]');
        data.pop();
      }
      const chunks = data.map((text) => JSON.parse(text) as Chunk);
      for (const chunk of chunks) {
        expect(chunk).toMatchObject({
          id: context.id,
          object: 'chat.completion.chunk',
          created: context.created,
        });
        expect(chunk.model).toBe(context.model);
        expect('usage' in chunk).toBe(context.includeUsage);
      }
      const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
      expect(deltas[0]?.role).toBe('assistant');
      expect(deltas.slice(1).some((delta) => 'role' in delta)).toBe(false);
      if (!failure && context.includeUsage) {
        const usageChunk = chunks[chunks.length - 1];
        expect(usageChunk?.choices).toEqual([]);
        expect(usageChunk?.usage).toMatchObject({ prompt_tokens: expect.any(Number) });
        expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
      }
      const finishes = chunks
        .flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason))
        .filter(Boolean);
      expect(finishes.length).toBe(failure ? 0 : 1);
    },
  );

  it.each(seeds)(
    'is accepted by the openai SDK with the same result as collectResponse (seed %i)',
    async (seed) => {
      const sse = await sseOf(fixture, seed);
      const stream = sdkClient(sse, seed).chat.completions.stream({
        model: context.model,
        messages: [{ role: 'user', content: 'hi' }],
        stream_options: { include_usage: context.includeUsage },
      });
      // reasoning_content is not an OpenAI field, so the SDK does not accumulate it: clients concatenate it.
      let reasoning: string | undefined;
      stream.on('chunk', (chunk) => {
        const delta = chunk.choices[0]?.delta as { reasoning_content?: string } | undefined;
        if (delta?.reasoning_content !== undefined) reasoning = (reasoning ?? '') + delta.reasoning_content;
      });
      if (failure) {
        await expect(stream.finalChatCompletion()).rejects.toThrow(failure.error.message);
        return;
      }
      const completion = await stream.finalChatCompletion();
      const expected = toOpenAiChatResponse(await collectResponse(replay(events), context.model), context);
      const [choice] = completion.choices;
      const [wanted] = expected.choices;
      expect(completion.id).toBe(expected.id);
      expect(choice?.finish_reason).toBe(wanted.finish_reason);
      expect(choice?.message.content ?? '').toBe(wanted.message.content);
      expect(choice?.message.tool_calls?.map(parsedCall)).toEqual(wanted.message.tool_calls?.map(parsedCall));
      expect(reasoning).toBe(wanted.message.reasoning_content);
      if (context.includeUsage) expect(completion.usage).toEqual(expected.usage);
    },
  );
});

const behaviourCtx = { id: 'chatcmpl-x', created: 1, model: 'm', includeUsage: false };
const finish: StreamEvent = {
  type: 'finish',
  reason: 'stop',
  usage: { inputTokens: 1, outputTokens: 1 },
  truncated: false,
};

function payloads(sse: string[]): unknown[] {
  return sse
    .join('')
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice('data: '.length))
    .map((data) => (data === '[DONE]' ? data : JSON.parse(data)));
}

describe('toOpenAiChatStream behaviour', () => {
  it('writes nothing before the first event, so a failing source can still get an HTTP error', async () => {
    const failing: AsyncIterable<StreamEvent[]> = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.reject(new AppError('UPSTREAM_THROTTLED', 'slow down')),
      }),
    };
    const stream = toOpenAiChatStream(failing, behaviourCtx);
    await expect(stream.next()).rejects.toMatchObject({ code: 'UPSTREAM_THROTTLED' });
  });

  it('ends with an in-band error and no [DONE] when the source stops without finishing', async () => {
    for (const seed of [1, 2, 3]) {
      const events = rechunkEvents([{ type: 'text-delta', text: 'partial answer' }], seed);
      const out = payloads(await drain(toOpenAiChatStream(replayInBatches(events), behaviourCtx)));
      expect(out).not.toContain('[DONE]');
      expect(out[out.length - 1]).toMatchObject({ error: { code: 'upstream_error' } });
    }
  });

  it('sends a call that arrives only as an end event whole, with parseable arguments', async () => {
    const events: StreamEvent[] = [
      { type: 'tool-call-end', index: 0, id: 'call_1', name: 'ls', input: { path: '/' }, truncated: false },
      { ...finish, reason: 'tool-calls' },
    ];
    const out = payloads(await drain(toOpenAiChatStream(replayInBatches(events), behaviourCtx)));
    expect(out[0]).toMatchObject({
      choices: [
        {
          delta: {
            role: 'assistant',
            tool_calls: [
              {
                index: 0,
                id: 'call_1',
                type: 'function',
                function: { name: 'ls', arguments: '{"path":"/"}' },
              },
            ],
          },
        },
      ],
    });
  });

  it('uses an SSE comment as the heartbeat, which parsers skip', async () => {
    expect(openAiHeartbeat().startsWith(':')).toBe(true);
    expect(await drain(parseSse(replay([openAiHeartbeat(), openAiHeartbeat()])))).toEqual([]);
  });

  it('ignores events after the finish', async () => {
    const events: StreamEvent[] = [finish, { type: 'text-delta', text: 'late' }];
    const out = payloads(await drain(toOpenAiChatStream(replayInBatches(events), behaviourCtx)));
    expect(out[out.length - 1]).toBe('[DONE]');
    expect(JSON.stringify(out)).not.toContain('late');
  });

  it('takes credits from a metering event when the finish does not carry them', async () => {
    for (const seed of [4, 5]) {
      const events = rechunkEvents(
        [{ type: 'text-delta', text: 'answer' }, { type: 'metering', credits: 0.25 }, finish],
        seed,
      );
      const out = payloads(
        await drain(toOpenAiChatStream(replayInBatches(events), { ...behaviourCtx, includeUsage: true })),
      );
      expect(out[out.length - 2]).toMatchObject({
        choices: [],
        usage: { credits_used: 0.25, total_tokens: 2 },
      });
    }
  });
});
