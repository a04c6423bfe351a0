import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { post, readSse } from './support/raw-http.ts';
import { currentUserMessage, simChatsContaining } from './support/sim-chats.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

const model = 'claude-sonnet-4-6';
const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

let sim: KiroSim;
let gateway: TestGateway;
let openai: OpenAI;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  // Short heartbeats: idle gaps in these streams get SSE comments, which every client must skip.
  gateway = await startTestGateway(sim, { HEARTBEAT_INTERVAL: '0.25' });
  openai = gateway.openai();
});
afterAll(async () => {
  await gateway?.stop();
  await sim?.close();
});
beforeEach(() => sim.clearFaults());

function functionCalls(response: OpenAI.Responses.Response): OpenAI.Responses.ResponseFunctionToolCall[] {
  return response.output.filter(
    (item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call',
  );
}

describe('openai SDK responses.create / responses.stream', () => {
  it('answers text without streaming, with usage details, output_text and instructions sent as the system prompt', async () => {
    const response = await openai.responses.create({
      model,
      instructions: 'You are terse. create-marker',
      input: 'Hello [[sim:reply Hi from Kiro.]]',
    });
    expect(response.object).toBe('response');
    expect(response.id).toMatch(/^resp_[0-9a-f]{24}$/);
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('Hi from Kiro.');
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    expect(response.usage?.output_tokens).toBeGreaterThan(0);
    expect(response.usage?.total_tokens).toBe(
      (response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0),
    );
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(0);
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(0);
    const [chat] = simChatsContaining(sim, 'create-marker');
    expect(JSON.stringify(chat?.body)).toContain('You are terse. create-marker');
  });

  it('streams text with the typed events and a final response equal to the stored one', async () => {
    const stream = openai.responses.stream({ model, input: 'Stream please [[sim:text 12]]' });
    const types: string[] = [];
    let deltas = '';
    stream.on('event', (event) => types.push(event.type));
    stream.on('response.output_text.delta', (event) => {
      deltas += event.delta;
    });
    const response = await stream.finalResponse();
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.filter((type) => type === 'response.output_text.delta').length).toBeGreaterThan(1);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(response.output_text).toBe(deltas);
    const stored = await openai.responses.retrieve(response.id);
    expect(stored.output_text).toBe(deltas);
    expect(stored.usage).toEqual(response.usage);
  });

  it('completes a function-call round trip by previous_response_id, streaming', async () => {
    const first = await openai.responses
      .stream({
        model,
        input: 'Weather in Paris? [[sim:call get_weather {"city":"Paris"}]]',
        tools: [weatherTool],
      })
      .finalResponse();
    const [call] = functionCalls(first);
    expect(call?.name).toBe('get_weather');
    expect(JSON.parse(call?.arguments ?? '')).toEqual({ city: 'Paris' });
    const second = await openai.responses.create({
      model,
      previous_response_id: first.id,
      tools: [weatherTool],
      input: [{ type: 'function_call_output', call_id: call!.call_id, output: 'Sunny, 21 °C' }],
    });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text).toBe(`Tool results: get_weather (${call!.call_id}) returned "Sunny, 21 °C".`);
  });

  it('completes a function-call round trip with the whole conversation as items and store: false', async () => {
    const input: OpenAI.Responses.ResponseInput = [
      { role: 'user', content: 'Weather in Rome? [[sim:call get_weather {"city":"Rome"}]]' },
    ];
    const first = await openai.responses.create({ model, input, tools: [weatherTool], store: false });
    const [call] = functionCalls(first);
    await expect(openai.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
    const second = await openai.responses.create({
      model,
      store: false,
      tools: [weatherTool],
      input: [
        ...input,
        ...(first.output as OpenAI.Responses.ResponseInput),
        { type: 'function_call_output', call_id: call!.call_id, output: 'Rainy' },
      ],
    });
    expect(second.output_text).toBe(`Tool results: get_weather (${call!.call_id}) returned "Rainy".`);
  });

  it('returns reasoning as a reasoning item with a summary when effort is set', async () => {
    const response = await openai.responses.create({
      model,
      input: 'Think [[sim:reply The answer is 42.]]',
      reasoning: { effort: 'high', summary: 'auto' },
    });
    const reasoning = response.output.find((item) => item.type === 'reasoning');
    expect(reasoning?.summary[0]?.text.length).toBeGreaterThan(0);
    expect(response.output_text).toBe('The answer is 42.');
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('marks a response Kiro cut off by its content filter as incomplete, with the reason', async () => {
    const response = await openai.responses.create({
      model,
      input: 'Filtered [[sim:fault content-filtered]]',
    });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details?.reason).toBe('content_filter');
  });
});

describe('malformed bodies', () => {
  it('answers JSON that does not parse with an OpenAI 400', async () => {
    const response = await post(`${gateway.url}/v1/responses`, '{"model":', {
      authorization: `Bearer ${gateway.proxyApiKey}`,
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_json',
    });
  });
});

describe('heartbeats', () => {
  it('keeps an idle stream alive with SSE comments that the SDK skips', async () => {
    const body = { model, stream: true, input: 'Slow [[sim:delay 1000]] [[sim:text 3]]' };
    const raw = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.proxyApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await raw.text();
    expect(text).toContain(': keep-alive\n\n');
    expect(text).toContain('event: response.completed');
    const viaSdk = await openai.responses
      .stream({ model, input: 'Slow again [[sim:delay 1000]] [[sim:text 3]]' })
      .finalResponse();
    expect(viaSdk.status).toBe('completed');
    expect(viaSdk.output_text.split(' ').length).toBeGreaterThanOrEqual(3);
  });
});

describe('stored responses', () => {
  it('gets and deletes a stored response; another caller gets 404 for it', async () => {
    const response = await openai.responses.create({ model, input: 'Keep me [[sim:reply kept]]' });
    const otherCaller = gateway.openai(`${gateway.proxyApiKey}:${'aor'.padEnd(120, 'x')}`);
    await expect(otherCaller.responses.retrieve(response.id)).rejects.toMatchObject({ status: 404 });
    const answer = await post(
      `${gateway.url}/v1/responses`,
      { model, input: 'again', previous_response_id: response.id },
      { authorization: `Bearer ${gateway.proxyApiKey}:${'aor'.padEnd(120, 'x')}` },
    );
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.text).error.param).toBe('previous_response_id');
    expect((await openai.responses.retrieve(response.id)).output_text).toBe('kept');
    const deleted = await fetch(`${gateway.url}/v1/responses/${response.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${gateway.proxyApiKey}` },
    });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ id: response.id, object: 'response', deleted: true });
    await expect(openai.responses.retrieve(response.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe('bad input gets a 400 naming the field', () => {
  it.each([
    [{ model, input: [{ type: 'computer_call', id: 'x' }] }, 'input[0].type'],
    [
      { model, input: [{ type: 'function_call_output', call_id: 'call_x', output: 'x' }] },
      'input[0].call_id',
    ],
    [{ model, input: 'x', tools: [{ type: 'web_search' }] }, 'tools[0].type'],
    [{ model, input: 42 }, 'input'],
    [{ model, input: 'x', max_output_tokens: 'many' }, 'max_output_tokens'],
    [{ model, input: 'x', previous_response_id: 'resp_000000000000000000000000' }, 'previous_response_id'],
  ])('%j → param %s', async (body, param) => {
    const response = await post(`${gateway.url}/v1/responses`, body, {
      authorization: `Bearer ${gateway.proxyApiKey}`,
    });
    expect(response.status, response.text).toBe(param === 'previous_response_id' ? 404 : 400);
    const error = JSON.parse(response.text).error;
    expect(error.param).toBe(param);
    expect(error.message).toMatch(new RegExp(`^${param.replace(/[[\]]/g, '\\$&')}: `));
    expect(error.type).toBe('invalid_request_error');
  });
});

describe('usage and metrics', () => {
  it('counts /v1/responses requests under api="responses"', async () => {
    await openai.responses.create({ model, input: 'Count me [[sim:reply counted]]' });
    const metrics = await (await fetch(`http://127.0.0.1:${gateway.standalone.adminPort}/metrics`)).text();
    expect(metrics).toMatch(
      /kirogate_requests_total\{[^}]*api="responses"[^}]*status="success"[^}]*\} [1-9]/,
    );
  });

  it('uses the message text as the current Kiro user message', async () => {
    await openai.responses.create({ model, input: [{ role: 'user', content: 'kiro-current-marker' }] });
    const [chat] = simChatsContaining(sim, 'kiro-current-marker');
    expect(String(currentUserMessage(chat!).content)).toContain('kiro-current-marker');
  });
});

describe('limits', () => {
  it('rate-limits /v1/responses per caller like the other APIs, with an OpenAI 429', async () => {
    const limited = await startTestGateway(sim, { RATE_LIMIT_PER_MINUTE: '1' });
    try {
      const headers = { authorization: `Bearer ${limited.proxyApiKey}` };
      const first = await post(
        `${limited.url}/v1/responses`,
        { model, input: 'one [[sim:reply ok]]' },
        headers,
      );
      expect(first.status, first.text).toBe(200);
      const second = await post(`${limited.url}/v1/responses`, { model, input: 'two' }, headers);
      expect(second.status).toBe(429);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(JSON.parse(second.text).error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
    } finally {
      await limited.stop();
    }
  });
});

// Last: the mid-stream exception puts the only credential on a cool-down.
describe('errors after the stream started', () => {
  it('reports an upstream failure after the stream started as response.failed and an error event', async () => {
    const response = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.proxyApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        stream: true,
        input: 'Fail [[sim:text 6]] [[sim:fault mid-stream-exception]]',
      }),
    });
    expect(response.status).toBe(200);
    const events = await readSse(response);
    expect(events.slice(-2).map((event) => event.event)).toEqual(['response.failed', 'error']);
  });
});
