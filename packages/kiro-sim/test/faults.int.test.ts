import { EventStreamDecoder, EventStreamError } from '@kirogate/eventstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type KiroSim, startKiroSim } from '../src/index.ts';
import { answerText, chat, chatBody, type KiroEvent, postJson, readEvents, refresh } from './sim-client.ts';
import { StrictFrameReader } from './strict-frames.ts';

let sim: KiroSim;
let token: string;
const prompt = 'Tell me about the weather';
const tools = [{ name: 'get_weather' }];
const withFault = (fault: string, content = prompt) =>
  chat(sim, token, chatBody(content, { tools }), { 'x-kiro-sim-fault': fault });

/** Polls for up to ten seconds (not a count of sleeps, which a busy machine stretches unevenly). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

beforeAll(async () => {
  sim = await startKiroSim();
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.reset();
  token = (await refresh(sim, 'aorFaultTests')).accessToken;
});

describe('HTTP faults', () => {
  it.each([
    [
      'throttled',
      429,
      'ThrottlingException',
      { message: 'Too many requests, please wait before trying again.', reason: null },
    ],
    [
      'stale-token',
      403,
      'AccessDeniedException',
      { message: 'The bearer token included in the request is invalid.', reason: null },
    ],
    [
      'quota-exhausted',
      402,
      'ServiceQuotaExceededException',
      { message: 'You have reached the limit.', reason: 'MONTHLY_REQUEST_COUNT' },
    ],
    [
      'suspended',
      403,
      'AccessDeniedException',
      {
        message: 'Your account has been suspended. Please contact AWS support.',
        reason: 'ACCOUNT_SUSPENDED',
      },
    ],
    [
      'internal-error',
      500,
      'InternalServerException',
      {
        message: 'Encountered an unexpected error when processing the request, please try again.',
        reason: null,
      },
    ],
    [
      'service-unavailable',
      503,
      'ServiceUnavailableException',
      { message: 'Service unavailable, please try again later.', reason: null },
    ],
    [
      'improperly-formed',
      400,
      'ValidationException',
      { message: 'Improperly formed request.', reason: null },
    ],
    [
      'content-too-long',
      400,
      'ValidationException',
      { message: 'Input is too long.', reason: 'CONTENT_LENGTH_EXCEEDS_THRESHOLD' },
    ],
  ])('%s answers %i with the Kiro body', async (fault, status, errorType, body) => {
    const response = await withFault(fault);
    expect(response.status).toBe(status);
    expect(response.headers.get('x-amzn-errortype')).toBe(errorType);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toEqual(body);
    expect(sim.stats().faults).toEqual({ [fault]: 1 });
  });

  it('throttled:N adds Retry-After', async () => {
    const response = await withFault('throttled:7');
    expect(response.headers.get('retry-after')).toBe('7');
  });

  it('bad-gateway answers 502 with an HTML body, like a load balancer', async () => {
    const response = await withFault('bad-gateway');
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('502 Bad Gateway');
  });

  it('empty-body answers 200 with no bytes', async () => {
    const response = await withFault('empty-body');
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('slow-first-byte holds back the response headers', async () => {
    const started = chat(sim, token, chatBody(prompt), { 'x-kiro-sim-fault': 'slow-first-byte:5000' });
    const raced = await Promise.race([
      started.then(() => 'headers'),
      new Promise((r) => setTimeout(r, 150, 'waiting')),
    ]);
    expect(raced).toBe('waiting');
    const quick = await withFault('slow-first-byte:20');
    expect(quick.status).toBe(200);
    expect(answerText(await readEvents(quick))).toBe(`You said: ${prompt}`);
  });

  it('slow-first-event sends the 200 headers, then holds back the frames', async () => {
    const response = await withFault('slow-first-event:5000');
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const raced = await Promise.race([
      reader.read().then(() => 'frame'),
      new Promise((r) => setTimeout(r, 150, 'waiting')),
    ]);
    expect(raced).toBe('waiting');
    await reader.cancel();
    await until(() => sim.stats().streams.aborted === 1);
  });
});

describe('stream faults (HTTP status stays 200)', () => {
  const events = async (fault: string, content = prompt): Promise<KiroEvent[]> => {
    const response = await withFault(fault, content);
    expect(response.status).toBe(200);
    return readEvents(response);
  };
  const types = (list: KiroEvent[]) => list.map((event) => event.type);

  it.each([
    ['mid-stream-exception', 'ThrottlingException', 'Too many requests, please wait before trying again.'],
    [
      'mid-stream-exception:InternalServerException',
      'InternalServerException',
      'Encountered an unexpected error when processing the request, please try again.',
    ],
  ])('%s ends the stream with an exception frame after two events', async (fault, type, message) => {
    const list = await events(fault);
    expect(types(list)).toEqual(['assistantResponseEvent', 'assistantResponseEvent', type]);
    expect(list.at(-1)).toEqual({ type, messageType: 'exception', payload: { message } });
  });

  it('error-frame ends the stream with an error message', async () => {
    const list = await events('error-frame');
    expect(list.at(-1)).toMatchObject({ type: 'InternalFailure', messageType: 'error', payload: {} });
  });

  it('truncated-tool-input sends tool arguments cut short, then finishes normally', async () => {
    const list = await events(
      'truncated-tool-input',
      'Save it [[sim:call write_file {"path": "a.txt", "content": "hello world"}]]',
    );
    const input = list
      .filter((event) => event.type === 'toolUseEvent')
      .map((event) => event.payload.input ?? '')
      .join('');
    expect('{"path": "a.txt", "content": "hello world"}'.startsWith(input)).toBe(true);
    expect(() => JSON.parse(input)).toThrow();
    expect(list.some((event) => event.payload.stop === true)).toBe(true);
    expect(types(list).slice(-2)).toEqual(['meteringEvent', 'contextUsageEvent']);
  });

  it('duplicate-deltas repeats every text delta once, so dropping repeats restores the answer', async () => {
    const list = await events('duplicate-deltas');
    const deltas = list
      .filter((event) => event.type === 'assistantResponseEvent')
      .map((event) => event.payload.content);
    for (let i = 0; i < deltas.length; i += 2) expect(deltas[i + 1]).toBe(deltas[i]);
    expect(deltas.filter((delta, i) => delta !== deltas[i - 1]).join('')).toBe(`You said: ${prompt}`);
  });

  it('cut-stream ends after part of the text, without metering or context usage', async () => {
    const list = await events('cut-stream');
    expect(new Set(types(list))).toEqual(new Set(['assistantResponseEvent']));
    const text = answerText(list);
    expect(text.length).toBeGreaterThan(0);
    expect(`You said: ${prompt}`.startsWith(text)).toBe(true);
    expect(text).not.toBe(`You said: ${prompt}`);
  });

  it('bracket-tool-call writes the call as text instead of toolUseEvents', async () => {
    const list = await events('bracket-tool-call');
    expect(answerText(list)).toContain('[Called get_weather with args: {"city": "London"}]');
    expect(types(list)).not.toContain('toolUseEvent');
  });

  it('followup-prompt adds a suggestion payload that is not answer text', async () => {
    const list = await events('followup-prompt');
    const suggestion = list.find((event) => event.payload.followupPrompt);
    expect(suggestion?.payload.followupPrompt).toMatchObject({ content: expect.any(String) });
    expect(answerText(list)).toBe(`You said: ${prompt}`);
  });

  it('content-filtered answers a CONTENT_FILTERED metadataEvent and no text', async () => {
    const list = await events('content-filtered');
    expect(list[0]).toMatchObject({ type: 'metadataEvent', payload: { stopReason: 'CONTENT_FILTERED' } });
    expect(types(list)).not.toContain('assistantResponseEvent');
  });

  it('bad-crc corrupts the third frame, which a CRC-checking decoder rejects', async () => {
    const bytes = new Uint8Array(await (await withFault('bad-crc')).arrayBuffer());
    expect(() => new StrictFrameReader().push(bytes)).toThrow('message CRC');
    const decoder = new EventStreamDecoder();
    expect(decoder.push(bytes)).toHaveLength(2);
    expect(() => decoder.end()).toThrow(EventStreamError);
  });

  it('partial-frame ends the body inside a frame', async () => {
    const bytes = new Uint8Array(await (await withFault('partial-frame')).arrayBuffer());
    const reader = new StrictFrameReader();
    reader.push(bytes);
    expect(reader.frames).toHaveLength(2);
    expect(() => reader.end()).toThrow(/trailing bytes/);
  });

  it('socket-reset resets the connection mid-stream and is not counted as a client abort', async () => {
    const response = await withFault('socket-reset');
    await expect(response.arrayBuffer()).rejects.toThrow();
    await until(() => sim.stats().streams.reset === 1);
    expect(sim.stats().streams).toMatchObject({ aborted: 0, inFlight: 0 });
  });

  it('stall keeps the stream open until the client leaves, which counts as an abort', async () => {
    const response = await withFault('stall');
    const reader = response.body!.getReader();
    const frames = new StrictFrameReader();
    while (frames.frames.length < 2) {
      const { value } = await reader.read();
      frames.push(value!);
    }
    expect(sim.stats().streams.inFlight).toBe(1);
    await reader.cancel();
    await until(() => sim.stats().streams.aborted === 1);
    expect(sim.stats().streams.inFlight).toBe(0);
  });
});

describe('fault selection', () => {
  it('reads a fault directive from the last user message', async () => {
    const response = await chat(sim, token, chatBody(`${prompt} [[sim:fault throttled]]`));
    expect(response.status).toBe(429);
  });

  it('applies queued faults to the next N authenticated chat requests only', async () => {
    const queued = await postJson(`${sim.url}/__sim/faults`, { fault: 'internal-error', count: 2 });
    expect(await queued.json()).toEqual({
      chat: [{ faults: ['internal-error'], remaining: 2 }],
      refresh: [],
    });
    expect((await chat(sim, 'aoaUnknown', chatBody(prompt))).status).toBe(403);
    expect((await chat(sim, token, chatBody(prompt))).status).toBe(500);
    expect((await chat(sim, token, chatBody(prompt))).status).toBe(500);
    expect((await chat(sim, token, chatBody(prompt))).status).toBe(200);
  });

  it('lets a header override the queue without consuming it', async () => {
    sim.queueFaults('service-unavailable');
    expect((await withFault('throttled')).status).toBe(429);
    expect((await chat(sim, token, chatBody(prompt))).status).toBe(503);
  });

  it('combines faults from one source', async () => {
    const list = await readEvents(
      await withFault('slow-first-byte:10,duplicate-deltas,mid-stream-exception'),
    );
    expect(list.map((event) => event.type)).toEqual([
      'assistantResponseEvent',
      'assistantResponseEvent',
      'ThrottlingException',
    ]);
    expect(list[0]?.payload).toEqual(list[1]?.payload);
  });

  it('counts a client abort mid-stream', async () => {
    const response = await chat(sim, token, chatBody('[[sim:text 500]] [[sim:delay 5]]'));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    await until(() => sim.stats().streams.aborted === 1);
    expect(sim.stats().streams).toMatchObject({ inFlight: 0, completed: 0 });
  });
});
