import { benchRounds, benchStreamEvents, medianMs } from '../shared/bench-kit.ts';
import { fromOpenAiChatRequest } from './from-openai-chat-request.ts';
import { toOpenAiChatStream } from './to-openai-chat-stream.ts';

// Run: node --conditions=source packages/protocol/src/openai-chat/openai-chat.bench.ts

/** A long agent session: 20 function tools, 300 messages of text, tool calls and tool results. */
function agentBody(): unknown {
  const tools = Array.from({ length: 20 }, (_, i) => ({
    type: 'function',
    function: {
      name: `tool_${i}`,
      description: 'Does something useful. '.repeat(i === 0 ? 500 : 20),
      parameters: {
        type: 'object',
        properties: { path: { type: 'string' }, limit: { type: 'number' } },
        required: ['path'],
      },
    },
  }));
  const messages: unknown[] = [{ role: 'system', content: 'You are a coding agent. '.repeat(200) }];
  for (let turn = 0; turn < 100; turn++) {
    messages.push({ role: 'user', content: `Step ${turn}: ${'context '.repeat(60)}` });
    messages.push({
      role: 'assistant',
      content: 'Reading the file.',
      tool_calls: [
        {
          id: `call_${turn}`,
          type: 'function',
          function: {
            name: 'tool_1',
            arguments: JSON.stringify({ path: `/src/file${turn}.ts`, limit: 200 }),
          },
        },
      ],
    });
    messages.push({ role: 'tool', tool_call_id: `call_${turn}`, content: 'const x = 1;\n'.repeat(150) });
  }
  return {
    model: 'claude-sonnet-4-5',
    messages,
    tools,
    stream: true,
    stream_options: { include_usage: true },
  };
}

const body = agentBody();
const bytes = JSON.stringify(body).length;
const parseMs = await medianMs(() => {
  fromOpenAiChatRequest(body);
});
console.log(
  `fromOpenAiChatRequest: ${(bytes / 1e3).toFixed(0)} kB body, ${parseMs.toFixed(2)} ms ` +
    `(${(bytes / 1e6 / (parseMs / 1e3)).toFixed(0)} MB/s), median of ${benchRounds}, node ${process.version}`,
);

const events = benchStreamEvents(10_000, { id: 'call_1', name: 'tool_1' });
const streamMs = await medianMs(async () => {
  const ctx = { id: 'chatcmpl-bench', created: 0, model: 'claude-sonnet-4-5', includeUsage: true };
  // One event per upstream read, as in a live stream: the renderer's worst case.
  async function* source() {
    for (const event of events) yield [event];
  }
  for await (const _ of toOpenAiChatStream(source(), ctx));
});
console.log(`toOpenAiChatStream: ${((streamMs * 1e6) / events.length).toFixed(0)} ns/event`);
