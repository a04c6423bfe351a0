import { decodeEventStream } from '@kirogate/eventstream';
import type { CanonicalRequest, Message } from '../canonical/index.ts';
import { benchRounds, medianMs } from '../shared/bench-kit.ts';
import { estimateInputTokens } from '../tokens/estimate-input-tokens.ts';
import { encodeKiroEventFrame } from './encode-kiro-frame.ts';
import { fromKiroEvents } from './from-kiro-events.ts';
import { parseKiroEventStream } from './parse-kiro-event-stream.ts';
import { toKiroRequest } from './to-kiro-request.ts';
import type { KiroEvent } from './types.ts';

// Run: node --conditions=source packages/protocol/src/kiro/kiro.bench.ts

/** A long agent session: 20 tools (one with a 10 kB description), 300 messages with tool round trips. */
function agentRequest(variant = 0): CanonicalRequest {
  const tools = Array.from({ length: 20 }, (_, i) => ({
    name: `tool_${i}`,
    description: 'Does something useful. '.repeat(i === 0 ? 500 : 20),
    inputSchema: {
      type: 'object',
      properties: { path: { type: 'string' }, limit: { type: 'number' } },
      required: ['path'],
      additionalProperties: false,
    },
  }));
  const messages: Message[] = [];
  for (let turn = 0; turn < 100; turn++) {
    messages.push({
      role: 'user',
      content: [{ type: 'text', text: `Step ${turn}.${variant}: ${'context '.repeat(60)}` }],
    });
    messages.push({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Reading the file.' },
        {
          type: 'tool-call',
          id: `call_${turn}`,
          name: 'tool_1',
          input: { path: `/src/file${turn}.ts`, limit: 200 },
        },
      ],
    });
    messages.push({
      role: 'user',
      content: [
        {
          type: 'tool-result',
          toolCallId: `call_${turn}`,
          content: [{ type: 'text', text: `// v${variant}\n${'const x = 1;\n'.repeat(150)}` }],
          isError: false,
        },
      ],
    });
  }
  messages.push({ role: 'user', content: [{ type: 'text', text: 'Now summarise.' }] });
  return {
    model: 'claude-sonnet-4-5',
    system: [`${variant} ${'You are a coding agent. '.repeat(200)}`],
    messages,
    tools,
    stream: true,
    metadata: {},
  };
}

function textEvents(count: number): KiroEvent[] {
  const events: KiroEvent[] = [];
  for (let i = 0; i < count; i++) events.push({ type: 'content', content: `token ${i} ` });
  events.push({ type: 'tool-use', toolUseId: 'tooluse_1', name: 'tool_1', input: '', stop: false });
  for (let i = 0; i < count; i++) {
    events.push({
      type: 'tool-use',
      toolUseId: 'tooluse_1',
      name: 'tool_1',
      input: `"k${i}":1,`,
      stop: false,
    });
  }
  events.push({ type: 'tool-use', toolUseId: 'tooluse_1', name: 'tool_1', input: '', stop: true });
  events.push({ type: 'metering', credits: 0.1 }, { type: 'context-usage', percentage: 20 });
  return events;
}

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

const request = agentRequest();
const bytes = JSON.stringify(request).length;
const options = { modelId: 'claude-sonnet-4.5', conversationId: 'bench' };
const convertMs = await medianMs(() => {
  toKiroRequest(request, options);
});
console.log(
  `toKiroRequest: ${(bytes / 1e3).toFixed(0)} kB canonical request, ${convertMs.toFixed(2)} ms, ` +
    `median of ${benchRounds}, node ${process.version}`,
);

// Cold: every text is new. Warm: the texts were counted before, as on an agent's next turn.
let variant = 1;
const coldRequests = Array.from({ length: benchRounds + 3 }, () => agentRequest(variant++));
const coldMs = await medianMs(() => {
  estimateInputTokens(coldRequests.pop() ?? request);
});
const warmMs = await medianMs(() => {
  estimateInputTokens(request);
});
console.log(`estimateInputTokens: same request, ${coldMs.toFixed(2)} ms cold, ${warmMs.toFixed(2)} ms warm`);

const events = textEvents(10_000);
const streamOptions = { thinkingRequested: false, toolNameMap: {}, inputTokens: 1 };
for (const thinkingRequested of [false, true]) {
  const ms = await medianMs(async () => {
    for await (const _ of fromKiroEvents(from(events), { ...streamOptions, thinkingRequested }));
  });
  console.log(
    `fromKiroEvents (thinking ${thinkingRequested ? 'on' : 'off'}): ${((ms * 1e6) / events.length).toFixed(0)} ns/event`,
  );
}

const frames = Buffer.concat(
  Array.from({ length: 10_000 }, (_, i) =>
    encodeKiroEventFrame('assistantResponseEvent', { content: `token ${i} ` }),
  ),
);
const chunks = Array.from({ length: Math.ceil(frames.length / 1400) }, (_, i) =>
  frames.subarray(i * 1400, (i + 1) * 1400),
);
const pipelineMs = await medianMs(async () => {
  const kiroEvents = parseKiroEventStream(decodeEventStream(from(chunks)));
  for await (const _ of fromKiroEvents(kiroEvents, streamOptions));
});
console.log(`decode + parseKiroEvent + fromKiroEvents: ${((pipelineMs * 1e6) / 10_000).toFixed(0)} ns/frame`);
