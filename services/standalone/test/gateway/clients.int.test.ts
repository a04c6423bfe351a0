import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { ChatAnthropic } from '@langchain/anthropic';
import { tool as langchainTool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { Agent, tool as agentTool, OpenAIResponsesModel, run, setTracingDisabled } from '@openai/agents';
import { tool as aiTool, generateText, type LanguageModel, stepCountIs, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { simChatsContaining } from './support/sim-chats.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

/**
 * The client libraries people point at a gateway, configured exactly as the README's "Clients" section
 * says, against the simulator. `[[sim:…]]` directives make the simulated model answer or call a tool.
 */
const model = 'claude-sonnet-4-5';
const callWeather = '[[sim:call get_weather {"city":"Paris"}]]';

let sim: KiroSim;
let gateway: TestGateway;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  gateway = await startTestGateway(sim);
  // The Agents SDK exports traces to OpenAI by default; there is no network here, and no need.
  setTracingDisabled(true);
});
afterAll(async () => {
  await gateway?.stop();
  await sim?.close();
});

describe('OpenAI Agents SDK', () => {
  it('runs an agent with one function tool to its final output', async () => {
    let calledWith: string | undefined;
    const getWeather = agentTool({
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        calledWith = city;
        return `Sunny in ${city}`;
      },
    });
    const agent = new Agent({
      name: 'Weather agent',
      instructions: 'Answer weather questions with the tool.',
      model: new OpenAIResponsesModel(gateway.openai(), model),
      tools: [getWeather],
    });
    const result = await run(agent, `Weather in Paris? agents-marker ${callWeather}`);
    expect(calledWith).toBe('Paris');
    expect(result.finalOutput).toContain('Sunny in Paris');
    expect(simChatsContaining(sim, 'agents-marker').length).toBe(2);
  });
});

describe('LangChain JS', () => {
  const weather = langchainTool(async ({ city }: { city: string }) => `Sunny in ${city}`, {
    name: 'get_weather',
    description: 'Current weather for a city',
    schema: z.object({ city: z.string() }),
  });
  const openaiChat = (useResponsesApi: boolean) =>
    new ChatOpenAI({
      model,
      apiKey: gateway.proxyApiKey,
      configuration: { baseURL: `${gateway.url}/v1` },
      useResponsesApi,
      maxRetries: 0,
    });
  const anthropicChat = () =>
    new ChatAnthropic({
      model,
      apiKey: gateway.proxyApiKey,
      anthropicApiUrl: gateway.url,
      maxRetries: 0,
    });

  it.each([
    ['ChatOpenAI (chat completions)', () => openaiChat(false)],
    ['ChatOpenAI (useResponsesApi)', () => openaiChat(true)],
    ['ChatAnthropic', anthropicChat],
  ])('%s: invoke, stream and bindTools', async (_, make) => {
    const llm = make();
    const answer = await llm.invoke('Hi [[sim:reply Hello from LangChain.]]');
    expect(answer.text).toBe('Hello from LangChain.');

    let streamed = '';
    let chunks = 0;
    for await (const chunk of await llm.stream('Count [[sim:text 10]]')) {
      streamed += chunk.text;
      chunks += 1;
    }
    expect(chunks).toBeGreaterThan(1);
    expect(streamed.split(' ').length).toBeGreaterThanOrEqual(10);

    const withTools = llm.bindTools([weather]);
    const call = await withTools.invoke(`Weather? ${callWeather}`);
    expect(call.tool_calls).toEqual([
      expect.objectContaining({ name: 'get_weather', args: { city: 'Paris' } }),
    ]);
  });
});

describe('Vercel AI SDK', () => {
  /** What `@ai-sdk/openai`'s responses model sent: it names earlier output by `item_reference`. */
  const responsesBodies: string[] = [];
  const models: Array<[string, () => LanguageModel]> = [
    [
      '@ai-sdk/openai default (responses)',
      () =>
        createOpenAI({
          baseURL: `${gateway.url}/v1`,
          apiKey: gateway.proxyApiKey,
          fetch: async (url, init) => {
            responsesBodies.push(String(init?.body));
            return fetch(url, init);
          },
        })(model),
    ],
    [
      '@ai-sdk/openai chat',
      () => createOpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.proxyApiKey }).chat(model),
    ],
    [
      '@ai-sdk/anthropic',
      () => createAnthropic({ baseURL: `${gateway.url}/v1`, apiKey: gateway.proxyApiKey })(model),
    ],
  ];

  it.each(models)('%s: generateText, streamText and a tool call', async (name, make) => {
    const generated = await generateText({
      model: make(),
      prompt: 'Hi [[sim:reply Hello from the AI SDK.]]',
      maxRetries: 0,
    });
    expect(generated.text).toBe('Hello from the AI SDK.');

    const streamed = streamText({ model: make(), prompt: 'Count [[sim:text 10]]', maxRetries: 0 });
    const parts: string[] = [];
    for await (const text of streamed.textStream) parts.push(text);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe(await streamed.text);

    let calledWith: string | undefined;
    const withTool = await generateText({
      model: make(),
      prompt: `Weather in Paris? ${callWeather}`,
      tools: {
        get_weather: aiTool({
          description: 'Current weather for a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            calledWith = city;
            return `Sunny in ${city}`;
          },
        }),
      },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(calledWith).toBe('Paris');
    expect(withTool.steps.length).toBe(2);
    expect(withTool.text).toContain('Sunny in Paris');
    // The second step refers to the first step's text by id; the gateway resolved it from its store.
    if (name.includes('responses')) expect(responsesBodies.at(-1)).toContain('"type":"item_reference"');
  });
});
