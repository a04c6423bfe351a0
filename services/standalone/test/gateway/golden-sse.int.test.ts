import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type SseEvent, SseParser } from '@kirogate/eventstream';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, authHeaders, chatPath } from './support/raw-http.ts';
import { startTestGateway } from './support/start-test-gateway.ts';

const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

interface Scenario {
  name: string;
  body: Record<Api, object>;
}

const model = 'claude-sonnet-4-6';
const weather = {
  openai: {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
  anthropic: {
    name: 'get_weather',
    description: 'Current weather for a city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

function request(api: Api, content: string, extra: { openai?: object; anthropic?: object } = {}): object {
  const messages = [{ role: 'user', content }];
  return api === 'openai'
    ? { model, messages, stream: true, stream_options: { include_usage: true }, ...extra.openai }
    : { model, max_tokens: 4096, messages, stream: true, ...extra.anthropic };
}

function scenario(
  name: string,
  content: string,
  extra: { openai?: object; anthropic?: object } = {},
): Scenario {
  return {
    name,
    body: { openai: request('openai', content, extra), anthropic: request('anthropic', content, extra) },
  };
}

/** Fixed simulator answers: the same request always gets the same frames. */
const scenarios: Scenario[] = [
  scenario('text', 'Golden [[sim:reply KiroGate streams this answer through both protocols, unchanged.]]'),
  scenario('tool-call', 'Weather in Paris? [[sim:fragments 3]] [[sim:call get_weather {"city": "Paris"}]]', {
    openai: { tools: [weather.openai] },
    anthropic: { tools: [weather.anthropic] },
  }),
  scenario('thinking', 'Think first [[sim:reply The answer is 42.]]', {
    openai: { reasoning_effort: 'high' },
    anthropic: { thinking: { type: 'enabled', budget_tokens: 2048 } },
  }),
];

/** Ids and clocks differ on every run; everything else must not. */
function normalise(sse: string): string {
  return sse
    .replace(/chatcmpl-[0-9a-f]{32}/g, 'chatcmpl-<id>')
    .replace(/msg_[0-9a-f]{24}/g, 'msg_<id>')
    .replace(/"created":\d+/g, '"created":0');
}

let sim: KiroSim;
const recorded = new Map<string, string>();
const key = (api: Api, name: string) => `${api}-${name}`;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  // One gateway for every recording: token estimates depend on the request alone, not on earlier answers.
  const gateway = await startTestGateway(sim);
  try {
    for (const api of ['openai', 'anthropic'] as const) {
      for (const { name, body } of scenarios) {
        const response = await fetch(`${gateway.url}${chatPath[api]}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...authHeaders(api, gateway.proxyApiKey) },
          body: JSON.stringify(body[api]),
        });
        expect(response.status).toBe(200);
        recorded.set(key(api, name), await response.text());
      }
    }
  } finally {
    await gateway.stop();
  }
});
afterAll(() => sim?.close());

const cases = (['openai', 'anthropic'] as const).flatMap((api) =>
  scenarios.map(({ name }) => ({ api, name })),
);

describe('golden SSE through the gateway', () => {
  it.each(cases)('$api $name stream matches its golden file', ({ api, name }) => {
    const file = `${goldenDir}${key(api, name)}.golden.sse`;
    const actual = normalise(recorded.get(key(api, name))!);
    if (update) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(file, actual);
    }
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
});

function eventsOf(sse: string): SseEvent[] {
  const parser = new SseParser();
  return [...parser.push(sse), ...parser.end()];
}

describe('every stream ends the way its protocol says', () => {
  it.each(cases)('$api $name ends with its terminator after a well-formed sequence', ({ api, name }) => {
    const events = eventsOf(recorded.get(key(api, name))!);
    if (api === 'openai') {
      expect(events.at(-1)).toEqual({ data: '[DONE]' });
      const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
      expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
      for (const chunk of chunks) expect(chunk.object).toBe('chat.completion.chunk');
      const finishes = chunks.filter((chunk) => chunk.choices[0]?.finish_reason);
      expect(finishes).toHaveLength(1);
      expect(chunks.at(-1).usage).toMatchObject({ prompt_tokens: expect.any(Number) });
      return;
    }
    expect(events[0]?.event).toBe('message_start');
    expect(events.at(-1)?.event).toBe('message_stop');
    expect(events.at(-2)?.event).toBe('message_delta');
    expect(events.filter((event) => event.event === 'message_delta')).toHaveLength(1);
    // Blocks strictly one after another: start i, deltas of i, stop i, start i+1, …
    let open: number | undefined;
    let next = 0;
    for (const event of events) {
      const data = JSON.parse(event.data) as { type: string; index?: number };
      expect(data.type).toBe(event.event);
      if (event.event === 'content_block_start') {
        expect(open).toBeUndefined();
        expect(data.index).toBe(next);
        open = next++;
      } else if (event.event === 'content_block_delta') {
        expect(data.index).toBe(open);
      } else if (event.event === 'content_block_stop') {
        expect(data.index).toBe(open);
        open = undefined;
      }
    }
    expect(open).toBeUndefined();
    expect(next).toBeGreaterThan(0);
  });
});
