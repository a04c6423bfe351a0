import type Anthropic from '@anthropic-ai/sdk';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { currentUserMessage, simChatsContaining } from './support/sim-chats.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

const model = 'claude-sonnet-4-6';
/** A 1×1 PNG: real image bytes, so format detection has something to detect. */
const png =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const openAiWeatherTool: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const openAiTimeTool: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_time',
    description: 'Local time in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const anthropicWeatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const anthropicTimeTool: Anthropic.Tool = {
  name: 'get_time',
  description: 'Local time in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

let sim: KiroSim;
let gateway: TestGateway;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  gateway = await startTestGateway(sim);
  openai = gateway.openai();
  anthropic = gateway.anthropic();
});
afterAll(async () => {
  await gateway?.stop();
  await sim?.close();
});
// Not sim.reset(): that forgets the access token the gateway holds, which would add a refresh and a
// retry to the next test. Faults are cleared; every test finds its own requests by a marker.
beforeEach(() => sim.clearFaults());

describe('text', () => {
  it('answers an OpenAI request without streaming, with prompt/completion/total tokens and credits', async () => {
    const completion = await openai.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Hello plain OpenAI' }],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe(model);
    expect(completion.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: 'You said: Hello plain OpenAI',
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const usage = completion.usage as OpenAI.CompletionUsage & { credits_used?: number };
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(usage.credits_used).toBeGreaterThan(0);
  });

  it('streams an OpenAI answer in several chunks ending with a usage chunk that carries credits', async () => {
    const stream = await openai.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Hello streaming OpenAI' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let contentChunks = 0;
    const ids = new Set<string>();
    let finishReason: string | null = null;
    let usage: (OpenAI.CompletionUsage & { credits_used?: number }) | null | undefined;
    for await (const chunk of stream) {
      ids.add(chunk.id);
      const choice = chunk.choices[0];
      if (choice?.delta.content) {
        text += choice.delta.content;
        contentChunks += 1;
      }
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('You said: Hello streaming OpenAI');
    expect(contentChunks).toBeGreaterThan(1);
    expect(ids.size).toBe(1);
    expect(finishReason).toBe('stop');
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
    expect(usage?.credits_used).toBeGreaterThan(0);
  });

  it('answers an Anthropic request without streaming, with input and output tokens', async () => {
    const message = await anthropic.messages.create({
      model,
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Hello plain Anthropic' }],
    });
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model,
      stop_reason: 'end_turn',
      content: [{ type: 'text', text: 'You said: Hello plain Anthropic' }],
    });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('streams an Anthropic answer with usage in message_start and message_delta', async () => {
    const stream = anthropic.messages.stream({
      model,
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Hello streaming Anthropic' }],
    });
    const types: string[] = [];
    let startUsage: Anthropic.Usage | undefined;
    let deltaUsage: Anthropic.MessageDeltaUsage | undefined;
    for await (const event of stream) {
      types.push(event.type);
      // A copy: the SDK keeps accumulating into the message_start snapshot.
      if (event.type === 'message_start') startUsage = { ...event.message.usage };
      if (event.type === 'message_delta') deltaUsage = event.usage;
    }
    const final = await stream.finalMessage();
    expect(final.content).toMatchObject([{ type: 'text', text: 'You said: Hello streaming Anthropic' }]);
    expect(types[0]).toBe('message_start');
    expect(types.filter((type) => type === 'content_block_delta').length).toBeGreaterThan(1);
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(startUsage?.input_tokens).toBeGreaterThan(0);
    expect(startUsage?.output_tokens).toBe(0);
    expect(deltaUsage?.output_tokens).toBeGreaterThan(0);
    expect(final.stop_reason).toBe('end_turn');
  });
});

describe('tools', () => {
  it('completes an OpenAI tool round trip: tool call, tool result, final text quoting it', async () => {
    const ask: OpenAI.Chat.ChatCompletionMessageParam = {
      role: 'user',
      content: 'Weather in Paris? [[sim:call get_weather {"city":"Paris"}]]',
    };
    const first = await openai.chat.completions.create({
      model,
      messages: [ask],
      tools: [openAiWeatherTool],
    });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.tool_calls).toHaveLength(1);
    const call = choice.message.tool_calls![0] as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });

    const second = await openai.chat.completions.create({
      model,
      tools: [openAiWeatherTool],
      messages: [ask, choice.message, { role: 'tool', tool_call_id: call.id, content: 'Sunny, 21 °C' }],
    });
    expect(second.choices[0]?.finish_reason).toBe('stop');
    expect(second.choices[0]?.message.content).toBe(
      `Tool results: get_weather (${call.id}) returned "Sunny, 21 °C".`,
    );
  });

  it('completes an Anthropic tool round trip: tool_use, tool_result, final text quoting it', async () => {
    const ask: Anthropic.MessageParam = {
      role: 'user',
      content: 'Weather in Paris? [[sim:call get_weather {"city":"Paris"}]]',
    };
    const first = await anthropic.messages.create({
      model,
      max_tokens: 256,
      tools: [anthropicWeatherTool],
      messages: [ask],
    });
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });

    const second = await anthropic.messages.create({
      model,
      max_tokens: 256,
      tools: [anthropicWeatherTool],
      messages: [
        ask,
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: toolUse!.id, content: 'Sunny, 21 °C' }],
        },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toEqual([
      { type: 'text', text: `Tool results: get_weather (${toolUse!.id}) returned "Sunny, 21 °C".` },
    ]);
  });

  it('returns parallel tool calls in order and answers both results (both SDKs)', async () => {
    const content =
      'Paris weather and time [[sim:call get_weather {"city":"Paris"}]] [[sim:call get_time {"city":"Paris"}]]';
    const first = await openai.chat.completions.create({
      model,
      tools: [openAiWeatherTool, openAiTimeTool],
      messages: [{ role: 'user', content }],
    });
    const calls = first.choices[0]!.message.tool_calls as OpenAI.Chat.ChatCompletionMessageFunctionToolCall[];
    expect(calls.map((call) => call.function.name)).toEqual(['get_weather', 'get_time']);
    expect(new Set(calls.map((call) => call.id)).size).toBe(2);
    const second = await openai.chat.completions.create({
      model,
      tools: [openAiWeatherTool, openAiTimeTool],
      messages: [
        { role: 'user', content },
        first.choices[0]!.message,
        { role: 'tool', tool_call_id: calls[0]!.id, content: 'Rain' },
        { role: 'tool', tool_call_id: calls[1]!.id, content: '14:05' },
      ],
    });
    expect(second.choices[0]?.message.content).toBe(
      `Tool results: get_weather (${calls[0]!.id}) returned "Rain"; get_time (${calls[1]!.id}) returned "14:05".`,
    );

    const message = await anthropic.messages.create({
      model,
      max_tokens: 256,
      tools: [anthropicWeatherTool, anthropicTimeTool],
      messages: [{ role: 'user', content }],
    });
    const uses = message.content.filter((block) => block.type === 'tool_use');
    expect(uses.map((use) => [use.name, use.input])).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_time', { city: 'Paris' }],
    ]);
  });

  it('streams tool-call argument deltas that reassemble to the upstream arguments byte for byte', async () => {
    // Odd spacing and unicode: any re-serialisation on the way would change the bytes.
    const args = '{"city": "Zürich",  "days":3, "units" :"metric"}';
    const content = `Forecast [[sim:fragments 6]] [[sim:call get_weather ${args}]]`;

    const openAiStream = await openai.chat.completions.create({
      model,
      tools: [openAiWeatherTool],
      messages: [{ role: 'user', content }],
      stream: true,
    });
    let openAiArgs = '';
    let openAiDeltas = 0;
    for await (const chunk of openAiStream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        if (call.function?.arguments) {
          openAiArgs += call.function.arguments;
          openAiDeltas += 1;
        }
      }
    }
    expect(openAiArgs).toBe(args);
    expect(openAiDeltas).toBeGreaterThan(1);

    const helperStream = openai.chat.completions.stream({
      model,
      tools: [openAiWeatherTool],
      messages: [{ role: 'user', content }],
    });
    const assembled = await helperStream.finalChatCompletion();
    const assembledCall = assembled.choices[0]?.message.tool_calls?.[0] as
      | OpenAI.Chat.ChatCompletionMessageFunctionToolCall
      | undefined;
    expect(assembledCall?.function.arguments).toBe(args);

    const anthropicStream = anthropic.messages.stream({
      model,
      max_tokens: 256,
      tools: [anthropicWeatherTool],
      messages: [{ role: 'user', content }],
    });
    let partialJson = '';
    let jsonDeltas = 0;
    for await (const event of anthropicStream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
        partialJson += event.delta.partial_json;
        jsonDeltas += 1;
      }
    }
    expect(partialJson).toBe(args);
    expect(jsonDeltas).toBeGreaterThan(1);
    const final = await anthropicStream.finalMessage();
    expect(final.content.find((block) => block.type === 'tool_use')?.input).toEqual(JSON.parse(args));
  });
});

describe('images', () => {
  it('passes an OpenAI data-URL image to Kiro as userInputMessage.images', async () => {
    await openai.chat.completions.create({
      model,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this image? marker-openai-image' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
          ],
        },
      ],
    });
    const [chat] = simChatsContaining(sim, 'marker-openai-image');
    expect(chat?.status).toBe(200);
    expect(currentUserMessage(chat!).images).toEqual([{ format: 'png', source: { bytes: png } }]);
  });

  it('passes an Anthropic base64 image block to Kiro as userInputMessage.images', async () => {
    await anthropic.messages.create({
      model,
      max_tokens: 256,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
            { type: 'text', text: 'What is in this image? marker-anthropic-image' },
          ],
        },
      ],
    });
    const [chat] = simChatsContaining(sim, 'marker-anthropic-image');
    expect(chat?.status).toBe(200);
    expect(currentUserMessage(chat!).images).toEqual([{ format: 'png', source: { bytes: png } }]);
  });
});

describe('thinking', () => {
  it('streams an Anthropic thinking block before the text when thinking is enabled', async () => {
    const stream = anthropic.messages.stream({
      model,
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'Think about this [[sim:reply The answer is 42.]]' }],
    });
    const final = await stream.finalMessage();
    expect(final.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const [thinking, text] = final.content;
    expect(thinking?.type === 'thinking' && thinking.thinking.length).toBeGreaterThan(0);
    expect(thinking?.type === 'thinking' && thinking.thinking).not.toContain('<thinking>');
    expect(text).toMatchObject({ type: 'text', text: 'The answer is 42.' });
  });

  it('returns OpenAI reasoning_content when reasoning_effort is set', async () => {
    const completion = await openai.chat.completions.create({
      model,
      reasoning_effort: 'high',
      messages: [{ role: 'user', content: 'Reason about this [[sim:reply The answer is 42.]]' }],
    });
    const message = completion.choices[0]?.message as OpenAI.Chat.ChatCompletionMessage & {
      reasoning_content?: string;
    };
    expect(message.reasoning_content?.length).toBeGreaterThan(0);
    expect(message.reasoning_content).not.toContain('<thinking>');
    expect(message.content).toBe('The answer is 42.');

    const stream = await openai.chat.completions.create({
      model,
      reasoning_effort: 'high',
      messages: [{ role: 'user', content: 'Reason about this [[sim:reply The answer is 42.]]' }],
      stream: true,
    });
    let reasoning = '';
    let text = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string };
      reasoning += delta?.reasoning_content ?? '';
      text += delta?.content ?? '';
    }
    expect(reasoning).toBe(message.reasoning_content);
    expect(text).toBe('The answer is 42.');
  });
});

describe('token counting and models', () => {
  it('counts the same input_tokens that message_start later reports for the same request', async () => {
    const request = {
      model,
      system: 'You are terse.',
      tools: [anthropicWeatherTool],
      messages: [{ role: 'user' as const, content: 'Count me, please, with a few more words than usual.' }],
    };
    const counted = await anthropic.messages.countTokens(request);
    expect(counted.input_tokens).toBeGreaterThan(0);
    const stream = anthropic.messages.stream({ ...request, max_tokens: 256 });
    let reported: number | undefined;
    for await (const event of stream) {
      if (event.type === 'message_start') reported = event.message.usage.input_tokens;
    }
    expect(reported).toBe(counted.input_tokens);
  });

  it('lists models in OpenAI shape, and in Anthropic shape when anthropic-version is sent', async () => {
    const openAiModels = [];
    for await (const listed of openai.models.list()) openAiModels.push(listed);
    expect(openAiModels.length).toBeGreaterThan(0);
    for (const listed of openAiModels) {
      expect(listed).toMatchObject({ object: 'model', id: expect.any(String), created: expect.any(Number) });
    }
    expect(openAiModels.map((listed) => listed.id)).toContain('claude-sonnet-4-6');

    const anthropicModels = await anthropic.models.list();
    expect(anthropicModels.data.length).toBe(openAiModels.length);
    for (const listed of anthropicModels.data) {
      expect(listed).toMatchObject({
        type: 'model',
        id: expect.any(String),
        display_name: expect.any(String),
        created_at: expect.any(String),
      });
    }
    const raw = (await (
      await fetch(`${gateway.url}/v1/models`, {
        headers: { 'x-api-key': gateway.proxyApiKey, 'anthropic-version': '2023-06-01' },
      })
    ).json()) as Record<string, unknown>;
    expect(raw).toMatchObject({ data: expect.any(Array), has_more: false });
    expect(raw).not.toHaveProperty('object');
  });
});
