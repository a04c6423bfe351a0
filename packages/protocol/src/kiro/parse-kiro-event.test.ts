import { decodeEventStream, type EventStreamMessage } from '@kirogate/eventstream';
import { describe, expect, it } from 'vitest';
import { encodeKiroErrorFrame, encodeKiroEventFrame, encodeKiroExceptionFrame } from './encode-kiro-frame.ts';
import { parseKiroEvent } from './parse-kiro-event.ts';
import { parseKiroEventStream } from './parse-kiro-event-stream.ts';

const utf8 = new TextEncoder();

function message(headers: Record<string, string>, payload: string): EventStreamMessage {
  const typed = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, { type: 'string' as const, value }]),
  );
  return { headers: typed, payload: utf8.encode(payload) };
}

const event = (eventType: string, payload: string) =>
  message({ ':message-type': 'event', ':event-type': eventType }, payload);

async function* once(bytes: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* bytes;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('parseKiroEvent', () => {
  it('reads the worked example frame (case 1) as one content event', async () => {
    const hex =
      '0000007f0000005c7c7db5a80b3a6576656e742d74797065070016617373697374616e74526573706f6e73654576656e740d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b22636f6e74656e74223a2248656c6c6f227d9b5d0635';
    const events = await collect(
      parseKiroEventStream(decodeEventStream(once([Uint8Array.from(Buffer.from(hex, 'hex'))]))),
    );
    expect(events).toEqual([{ type: 'content', content: 'Hello' }]);
  });

  it('dispatches on headers, not on the payload key order', () => {
    expect(
      parseKiroEvent(event('toolUseEvent', '{"stop":true,"toolUseId":"t1","name":"get_weather"}')),
    ).toEqual({
      type: 'tool-use',
      toolUseId: 't1',
      name: 'get_weather',
      input: '',
      stop: true,
    });
    expect(parseKiroEvent(event('assistantResponseEvent', '{"name":"x","content":"hi"}'))).toEqual({
      type: 'content',
      content: 'hi',
    });
  });

  it('accepts wrapped payloads', () => {
    expect(
      parseKiroEvent(
        event('messageMetadataEvent', '{"messageMetadataEvent":{"stopReason":"CONTENT_FILTERED"}}'),
      ),
    ).toEqual({ type: 'metadata', stopReason: 'CONTENT_FILTERED' });
    expect(
      parseKiroEvent(event('contextUsageEvent', '{"contextUsageEvent":{"contextUsagePercentage":12}}')),
    ).toEqual({
      type: 'context-usage',
      percentage: 12,
    });
  });

  it('keeps a tool input fragment as a string and stringifies an object input', () => {
    expect(
      parseKiroEvent(event('toolUseEvent', '{"toolUseId":"t","name":"n","input":"{\\"ci"}')),
    ).toMatchObject({
      input: '{"ci',
      stop: false,
    });
    expect(
      parseKiroEvent(event('toolUseEvent', '{"toolUseId":"t","name":"n","input":{"a":1}}')),
    ).toMatchObject({
      input: '{"a":1}',
    });
  });

  it('reads metering, context usage, token usage and follow-up prompts', () => {
    expect(
      parseKiroEvent(event('meteringEvent', '{"unit":"credit","unitPlural":"credits","usage":0.0345}')),
    ).toEqual({
      type: 'metering',
      credits: 0.0345,
      unit: 'credit',
    });
    expect(parseKiroEvent(event('contextUsageEvent', '{"contextUsagePercentage":25.5}'))).toEqual({
      type: 'context-usage',
      percentage: 25.5,
    });
    expect(
      parseKiroEvent(event('messageMetadataEvent', '{"tokenUsage":{"outputTokens":12,"totalTokens":"x"}}')),
    ).toEqual({ type: 'metadata', tokenUsage: { outputTokens: 12 } });
    expect(parseKiroEvent(event('followupPromptEvent', '{"content":"next?"}'))).toEqual({
      type: 'followup-prompt',
    });
  });

  it('case 5: an assistantResponseEvent with a followupPrompt is not answer text', () => {
    expect(
      parseKiroEvent(event('assistantResponseEvent', '{"content":"text","followupPrompt":"suggestion"}')),
    ).toEqual({ type: 'followup-prompt' });
  });

  it('turns unknown event types into `unknown`', () => {
    expect(parseKiroEvent(event('codeReferenceEvent', '{"references":[]}'))).toEqual({
      type: 'unknown',
      messageType: 'event',
      eventType: 'codeReferenceEvent',
    });
    expect(parseKiroEvent(event('meteringEvent', '{"unit":"credit"}')).type).toBe('unknown');
  });

  it('reads exception and error frames through the real codec', async () => {
    const frames = [
      encodeKiroExceptionFrame('ThrottlingException', 'Too many requests'),
      encodeKiroErrorFrame('InternalError', 'boom'),
      encodeKiroEventFrame('assistantResponseEvent', { content: 'after' }),
    ];
    expect(await collect(parseKiroEventStream(decodeEventStream(once(frames))))).toEqual([
      { type: 'exception', exceptionType: 'ThrottlingException', message: 'Too many requests' },
      { type: 'error', errorCode: 'InternalError', errorMessage: 'boom' },
      { type: 'content', content: 'after' },
    ]);
  });

  it('reads the alternative message keys of exception payloads', () => {
    const frame = message({ ':message-type': 'exception', ':exception-type': 'X' }, '{"Message":"capital"}');
    expect(parseKiroEvent(frame)).toMatchObject({ message: 'capital' });
  });

  it('reports an unreadable payload of a known event as an error frame', () => {
    expect(parseKiroEvent(event('assistantResponseEvent', '{"content":'))).toEqual({
      type: 'error',
      errorCode: 'MalformedEventPayload',
      errorMessage: 'Kiro sent an unreadable assistantResponseEvent payload',
    });
  });
});
