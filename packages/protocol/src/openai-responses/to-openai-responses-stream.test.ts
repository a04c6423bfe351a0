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
import type { OpenAiResponsesRequest } from './openai-responses-request-schema.ts';
import { type OpenAiResponsesContext, toOpenAiResponsesResponse } from './to-openai-responses-response.ts';
import { toOpenAiResponsesStream } from './to-openai-responses-stream.ts';

const dir = fileURLToPath(new URL('../../testdata/openai-responses/streams/', import.meta.url));
const fixtures = loadStreamFixtures<OpenAiResponsesContext>(dir);
const seeds = [1, 2, 3, 4, 5, 6];

async function sseOf(fixture: (typeof fixtures)[number], seed?: number): Promise<string> {
  const events = seed === undefined ? fixture.events : rechunkEvents(fixture.events, seed);
  return (await drain(toOpenAiResponsesStream(replayInBatches(events), fixture.context))).join('');
}

function sdkClient(sse: string, seed: number): OpenAI {
  return new OpenAI({
    apiKey: 'test',
    baseURL: 'http://gateway.test/v1',
    maxRetries: 0,
    fetch: async () => responseOf(sse, seed),
  });
}

type Data = { type: string; sequence_number: number; output_index?: number; item?: { id: string } };

describe.each(fixtures)('toOpenAiResponsesStream $name', (fixture) => {
  const { name, context, events } = fixture;
  const failure = events.find((event) => event.type === 'error');

  it('matches the golden SSE', async () => {
    const { actual, expected } = golden(join(dir, `${name}.golden.sse`), await sseOf(fixture));
    expect(actual).toBe(expected);
  });

  it.each(seeds)('numbers events from 0, names each by its type and nests items (seed %i)', async (seed) => {
    const sse = await sseOf(fixture, seed);
    const messages = await drain(parseSse(responseOf(sse, seed).body as ReadableStream<Uint8Array>));
    const data = messages.map((message) => ({
      event: message.event,
      data: JSON.parse(message.data) as Data,
    }));
    data.forEach(({ event, data: payload }, index) => {
      expect(payload.type).toBe(event);
      expect(payload.sequence_number).toBe(index);
    });
    const types = data.map(({ data: payload }) => payload.type);
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    if (failure) expect(types.slice(-2)).toEqual(['response.failed', 'error']);
    else expect(['response.completed', 'response.incomplete']).toContain(types.at(-1));
    // One item open at a time, output indexes 0, 1, 2 … in order.
    let open: number | undefined;
    let next = 0;
    for (const { data: payload } of data) {
      if (payload.type === 'response.output_item.added') {
        expect(open).toBeUndefined();
        expect(payload.output_index).toBe(next);
        open = next++;
      } else if (payload.type === 'response.output_item.done') {
        expect(payload.output_index).toBe(open);
        open = undefined;
      } else if (payload.output_index !== undefined) {
        expect(payload.output_index).toBe(open);
      }
    }
    expect(open).toBeUndefined();
  });

  it.each(seeds)(
    'is accepted by the openai SDK with the same output as the non-streaming answer (seed %i)',
    async (seed) => {
      const stream = sdkClient(await sseOf(fixture, seed), seed).responses.stream({
        model: context.model,
        input: 'hi',
      });
      if (failure) {
        await expect(stream.finalResponse()).rejects.toThrow(failure.error.message);
        return;
      }
      const streamed = await stream.finalResponse();
      const expected = toOpenAiResponsesResponse(
        await collectResponse(replay(events), context.model),
        context,
      );
      expect(streamed.id).toBe(expected.id);
      expect(streamed.status).toBe(expected.status);
      expect(streamed.incomplete_details).toEqual(expected.incomplete_details);
      expect(streamed.usage).toEqual(expected.usage);
      // The SDK adds `parsed` fields of its own; streamed arguments keep the upstream's spacing.
      const normalise = (item: object) =>
        JSON.parse(JSON.stringify(item), (key, value) =>
          key === 'parsed' || key === 'parsed_arguments'
            ? undefined
            : key === 'arguments'
              ? JSON.parse(value)
              : value,
        );
      expect(streamed.output.map(normalise)).toEqual(expected.output.map(normalise));
      const text = expected.output
        .flatMap((item) => (item.type === 'message' ? item.content.map((part) => part.text) : []))
        .join('');
      expect(streamed.output_text).toBe(text);
    },
  );
});

const request: OpenAiResponsesRequest = { model: 'm', input: 'hi' };
const behaviourCtx: OpenAiResponsesContext = { id: 'resp_x', createdAt: 1, model: 'm', request };

describe('toOpenAiResponsesStream behaviour', () => {
  it('writes nothing before the first event, so a failing source can still get an HTTP error', async () => {
    const failing: AsyncIterable<StreamEvent[]> = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.reject(new AppError('UPSTREAM_THROTTLED', 'slow down')),
      }),
    };
    await expect(toOpenAiResponsesStream(failing, behaviourCtx).next()).rejects.toMatchObject({
      code: 'UPSTREAM_THROTTLED',
    });
  });

  it('fails the response in-band when the events run out before finish', async () => {
    const out = (
      await drain(
        toOpenAiResponsesStream(replayInBatches([{ type: 'text-delta', text: 'half' }]), behaviourCtx),
      )
    ).join('');
    expect(out).toContain('event: response.failed');
    expect(out).toContain('"message":"The upstream stream ended before the response was complete"');
  });
});
