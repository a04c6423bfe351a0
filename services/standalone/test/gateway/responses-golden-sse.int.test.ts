import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SseParser } from '@kirogate/eventstream';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway } from './support/start-test-gateway.ts';

const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';
const model = 'claude-sonnet-4-6';

const weather = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** Fixed simulator answers: the same request always gets the same frames. */
const scenarios: Array<{ name: string; body: object }> = [
  {
    name: 'text',
    body: { input: 'Golden [[sim:reply KiroGate streams this answer through the Responses API.]]' },
  },
  {
    name: 'function-call',
    body: {
      input: 'Weather in Paris? [[sim:fragments 3]] [[sim:call get_weather {"city": "Paris"}]]',
      tools: [weather],
    },
  },
  {
    name: 'reasoning',
    body: {
      input: 'Think first [[sim:reply The answer is 42.]]',
      reasoning: { effort: 'high', summary: 'auto' },
    },
  },
  {
    name: 'error-after-commit',
    body: { input: 'Fail [[sim:text 6]] [[sim:fault mid-stream-exception:InternalServerException]]' },
  },
];

/** Ids and clocks differ on every run; everything else must not. */
function normalise(sse: string): string {
  return sse
    .replace(/\b(resp|msg|fc|rs)_[0-9a-f]{24}/g, '$1_<id>')
    .replace(/"created_at":\d+/g, '"created_at":0');
}

let sim: KiroSim;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
});
afterAll(() => sim?.close());

/** A gateway per recording (and per test, each with its own time bound): token estimates are calibrated by earlier answers. */
async function record(body: object): Promise<string> {
  const gateway = await startTestGateway(sim);
  try {
    const response = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.proxyApiKey}` },
      body: JSON.stringify({ model, stream: true, ...body }),
    });
    expect(response.status).toBe(200);
    return await response.text();
  } finally {
    await gateway.stop();
  }
}

describe('Responses API golden SSE through the gateway', () => {
  it.each(scenarios)(
    '$name stream matches its golden file and numbers its events from 0',
    async ({ name, body }) => {
      const sse = await record(body);
      const file = `${goldenDir}responses-${name}.golden.sse`;
      const actual = normalise(sse);
      if (update) writeFileSync(file, actual);
      expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(actual).toBe(readFileSync(file, 'utf8'));

      const parser = new SseParser();
      const events = [...parser.push(sse), ...parser.end()];
      const data = events.map((event) => JSON.parse(event.data) as { type: string; sequence_number: number });
      data.forEach((payload, index) => {
        expect(payload.type).toBe(events[index]?.event);
        expect(payload.sequence_number).toBe(index);
      });
      const last = data.map((payload) => payload.type).slice(-2);
      if (name === 'error-after-commit') expect(last).toEqual(['response.failed', 'error']);
      else expect(last[1]).toBe('response.completed');
    },
  );
});
