import { benchRounds, benchStreamEvents, medianMs } from '../shared/bench-kit.ts';
import { fromAnthropicMessagesRequest } from './from-anthropic-messages-request.ts';
import { toAnthropicMessagesStream } from './to-anthropic-messages-stream.ts';

// Run: node --conditions=source packages/protocol/src/anthropic-messages/anthropic-messages.bench.ts

/** A long Claude Code session: 20 tools with schemas, 300 turns of text, tool calls and results. */
function claudeCodeBody(): unknown {
  const tools = Array.from({ length: 20 }, (_, i) => ({
    name: `Tool${i}`,
    description: 'Does something useful. '.repeat(i === 0 ? 500 : 20),
    input_schema: {
      type: 'object',
      properties: {
        path: { type: 'string' },
        limit: { type: 'number' },
        flags: { type: 'array', items: { type: 'string' } },
      },
      required: ['path'],
    },
  }));
  const messages: unknown[] = [];
  for (let turn = 0; turn < 100; turn++) {
    messages.push({
      role: 'user',
      content: [{ type: 'text', text: `Step ${turn}: ${'context '.repeat(60)}` }],
    });
    messages.push({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Reading the file.' },
        {
          type: 'tool_use',
          id: `toolu_${turn}`,
          name: 'Tool1',
          input: { path: `/src/file${turn}.ts`, limit: 200 },
        },
      ],
    });
    messages.push({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: `toolu_${turn}`, content: 'const x = 1;\n'.repeat(150) }],
    });
  }
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 32000,
    thinking: { type: 'enabled', budget_tokens: 31999 },
    system: [
      { type: 'text', text: 'You are a coding agent. '.repeat(200), cache_control: { type: 'ephemeral' } },
    ],
    messages,
    tools,
    stream: true,
  };
}

const body = claudeCodeBody();
const bytes = JSON.stringify(body).length;
const parseMs = await medianMs(() => {
  fromAnthropicMessagesRequest(body);
});
console.log(
  `fromAnthropicMessagesRequest: ${(bytes / 1e3).toFixed(0)} kB body, ${parseMs.toFixed(2)} ms ` +
    `(${(bytes / 1e6 / (parseMs / 1e3)).toFixed(0)} MB/s), median of ${benchRounds}, node ${process.version}`,
);

const events = benchStreamEvents(10_000, { id: 'toolu_1', name: 'Tool1' });
const streamMs = await medianMs(async () => {
  const ctx = { id: 'msg_bench', model: 'claude-sonnet-4-5', inputTokens: 1 };
  // One event per upstream read, as in a live stream: the renderer's worst case.
  async function* source() {
    for (const event of events) yield [event];
  }
  for await (const _ of toAnthropicMessagesStream(source(), ctx));
});
console.log(`toAnthropicMessagesStream: ${((streamMs * 1e6) / events.length).toFixed(0)} ns/event`);
