import { Agent, type IncomingMessage, request } from 'node:http';
import { parseSse, type SseEvent } from '@kirogate/eventstream';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.ts';
import { authHeaders, chatPath, minimalChat } from './support/raw-http.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

/** About two seconds of answer: long enough to act while it is open, short enough to finish. */
const slowAnswer = '[[sim:delay 50]] [[sim:text 40]]';

let sim: KiroSim;
let gateway: TestGateway;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  gateway = await startTestGateway(sim);
});
afterAll(async () => {
  await gateway?.stop();
  await sim?.close();
});

describe('client abort mid-stream', () => {
  it('aborts the Kiro stream and releases the lease when an OpenAI client leaves', async () => {
    const before = sim.stats().streams;
    const controller = new AbortController();
    const stream = await gateway.openai().chat.completions.create(
      {
        model: 'claude-sonnet-4-6',
        messages: [{ role: 'user', content: `leave ${slowAnswer}` }],
        stream: true,
      },
      { signal: controller.signal },
    );
    const reading = (async () => {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) {
          expect((await gateway.health()).pool.inFlight).toBe(1);
          controller.abort();
        }
      }
    })();
    // The SDK ends the iteration quietly on its own abort.
    await reading.catch(() => undefined);
    await eventually(() => expect(sim.stats().streams.aborted).toBe(before.aborted + 1));
    await eventually(async () => expect((await gateway.health()).pool.inFlight).toBe(0));
    expect(sim.stats().streams.completed).toBe(before.completed);
  });

  it('aborts the Kiro stream and releases the lease when an Anthropic client leaves', async () => {
    const before = sim.stats().streams;
    const stream = gateway.anthropic().messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [{ role: 'user', content: `leave ${slowAnswer}` }],
    });
    const reading = (async () => {
      for await (const event of stream) {
        if (event.type === 'content_block_delta') {
          expect((await gateway.health()).pool.inFlight).toBe(1);
          stream.abort();
        }
      }
    })();
    await expect(reading).rejects.toThrow();
    await eventually(() => expect(sim.stats().streams.aborted).toBe(before.aborted + 1));
    await eventually(async () => expect((await gateway.health()).pool.inFlight).toBe(0));
    expect(sim.stats().streams.completed).toBe(before.completed);
  });
});

describe('graceful shutdown', () => {
  it('lets the open stream finish, refuses new requests while draining, then stops', async () => {
    // A grace period longer than the test: stop() must finish because the streams did, not by force.
    const draining = await startTestGateway(sim, { SHUTDOWN_TIMEOUT_MS: '600000' });
    // Like the SDKs, the client keeps its connection alive; unlike undici's 4 s default, forever.
    const agent = new Agent({ keepAlive: true });
    const open = await new Promise<IncomingMessage>((resolve, reject) => {
      const body = JSON.stringify(minimalChat('anthropic', `drain ${slowAnswer}`, { stream: true }));
      request(`${draining.url}${chatPath.anthropic}`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', ...authHeaders('anthropic', draining.proxyApiKey) },
      })
        .on('response', resolve)
        .on('error', reject)
        .end(body);
    });
    expect(open.statusCode).toBe(200);
    const socketClosed = new Promise<void>((resolve) => open.socket.once('close', () => resolve()));
    const events = parseSse(open)[Symbol.asyncIterator]();
    expect((await events.next()).value).toMatchObject({ event: 'message_start' });

    let stopped = false;
    const stopping = draining.stop().then(() => {
      stopped = true;
    });
    // A gateway in its own process hears of the stop by a signal: wait until it says it is draining
    // (health 503, or its listener already closed) before sending the late request.
    await eventually(async () => {
      const health = await fetch(`${draining.url}/health`).then(
        (response) => response.status,
        () => 'refused',
      );
      expect([503, 'refused']).toContain(health);
    });

    const late = await fetch(`${draining.url}${chatPath.openai}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders('openai', draining.proxyApiKey) },
      body: JSON.stringify(minimalChat('openai', 'too late')),
    }).then(
      async (response) => ({ status: response.status, text: await response.text() }),
      (error: unknown) => ({ status: 'refused', text: String((error as Error).cause ?? error) }),
    );
    // Refused at the socket: a closed listener refuses the connection, and one the kernel had
    // already queued before the listener closed is reset (Linux) or closed as idle by Node.
    if (late.status === 'refused') expect(late.text).toMatch(/ECONNREFUSED|ECONNRESET|other side closed/);
    else {
      expect(late.status).toBe(503);
      expect(JSON.parse(late.text).error.code).toBe('service_unavailable');
    }
    expect(stopped).toBe(false);

    const rest: SseEvent[] = [];
    for (let next = await events.next(); !next.done; next = await events.next()) rest.push(next.value);
    expect(rest.at(-1)?.event).toBe('message_stop');
    const text = rest
      .filter((event) => event.event === 'content_block_delta')
      .map((event) => JSON.parse(event.data).delta.text as string)
      .join('');
    expect(text.trim().split(/\s+/)).toHaveLength(40);
    await stopping;
    await socketClosed;
    agent.destroy();
  });
});
