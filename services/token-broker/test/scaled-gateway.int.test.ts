import { randomBytes } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import { startKiroSim } from '@kirogate/kiro-sim';
import { describeWithServices } from '@kirogate/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type BrokerProcess,
  type GatewayProcess,
  spawnBroker,
  spawnGateway,
} from './support/broker-process.ts';
import { type SharedServices, sharedServices } from './support/test-env.ts';

/**
 * The scaled topology end to end: the gateway and the token broker as separate processes talking
 * gRPC, the broker on Postgres and Redis, Kiro simulated. Official SDKs as clients.
 */
describeWithServices(
  'scaled topology: gateway → gRPC → token broker',
  { postgres: true, redis: true },
  () => {
    let sim: Awaited<ReturnType<typeof startKiroSim>>;
    let services: SharedServices;
    let broker: BrokerProcess;
    let gateway: GatewayProcess;
    let openai: OpenAI;
    const proxyKey = `pk-${randomBytes(12).toString('hex')}`;
    const refreshToken = `aor${randomBytes(120).toString('base64url')}`;

    beforeAll(async () => {
      sim = await startKiroSim({ rotation: 'revoke-rotated' });
      services = await sharedServices();
      broker = await spawnBroker({
        DATABASE_URL: services.postgres.url,
        REDIS_URL: services.redis.url,
        REDIS_KEY_PREFIX: services.redis.keyPrefix,
        TOKEN_ENCRYPT_KEY: services.encryptKey,
        REFRESH_TOKEN: refreshToken,
        KIRO_API_URL: sim.url,
        KIRO_AUTH_URL: sim.url,
        KIRO_OIDC_URL: sim.url,
      });
      gateway = await spawnGateway({
        TOKEN_BROKER_URL: `127.0.0.1:${broker.grpcPort}`,
        PROXY_API_KEY: proxyKey,
        KIRO_API_URL: sim.url,
        KIRO_AUTH_URL: sim.url,
        KIRO_OIDC_URL: sim.url,
        BASE_RETRY_DELAY: '0.01',
      });
      openai = new OpenAI({ apiKey: proxyKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    });

    afterAll(async () => {
      await gateway?.stop();
      await broker?.stop();
      await sim?.close();
      await services?.cleanup();
    });

    it('answers an OpenAI chat completion with a credential leased over gRPC', async () => {
      const completion = await openai.chat.completions.create({
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: 'Hello over gRPC' }],
      });
      expect(completion.choices[0]?.message.content).toContain('You said: Hello over gRPC');
      expect(completion.choices[0]?.finish_reason).toBe('stop');
    });

    it('streams an OpenAI chat completion, tools included', async () => {
      const stream = await openai.chat.completions.create({
        model: 'claude-sonnet-4-5',
        stream: true,
        messages: [{ role: 'user', content: 'Weather? [[sim:call get_weather {"city":"Paris"}]]' }],
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              description: 'Current weather',
              parameters: { type: 'object', properties: { city: { type: 'string' } } },
            },
          },
        ],
      });
      let args = '';
      let name = '';
      let finish: string | null = null;
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        for (const call of choice?.delta.tool_calls ?? []) {
          name += call.function?.name ?? '';
          args += call.function?.arguments ?? '';
        }
        finish = choice?.finish_reason ?? finish;
      }
      expect(name).toBe('get_weather');
      expect(JSON.parse(args)).toEqual({ city: 'Paris' });
      expect(finish).toBe('tool_calls');
    });

    it('answers an Anthropic message (official SDK) through the same broker', async () => {
      const anthropic = new Anthropic({ apiKey: proxyKey, baseURL: gateway.url, maxRetries: 0 });
      const message = await anthropic.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 256,
        messages: [{ role: 'user', content: 'Hi Claude' }],
      });
      expect(message.content[0]?.type === 'text' ? message.content[0].text : '').toContain(
        'You said: Hi Claude',
      );
    });

    it('recovers from a stale access token with one RefreshLease over gRPC', async () => {
      const before = Object.values(sim.stats().refreshesByToken).reduce((sum, n) => sum + n, 0);
      sim.queueFaults('stale-token', 1);
      const completion = await openai.chat.completions.create({
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: 'After a 403' }],
      });
      expect(completion.choices[0]?.message.content).toContain('You said: After a 403');
      const after = Object.values(sim.stats().refreshesByToken).reduce((sum, n) => sum + n, 0);
      expect(after).toBe(before + 1);
      // The credential stays in rotation: one rejection followed by a working refresh is not a failure.
      const pool = await broker.client.call('poolStatus', {});
      expect(pool.byStatus.active).toBe(1);
    });

    it('rides out throttling (backoff, then the same credential) with outcomes reported to the broker', async () => {
      sim.queueFaults('throttled', 1);
      const completion = await openai.chat.completions.create({
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: 'Throttled once' }],
      });
      expect(completion.choices[0]?.message.content).toContain('You said: Throttled once');
    });

    it('serves a request that arrives while another is open from the same broker lease', async () => {
      const slow = await openai.chat.completions.create({
        model: 'claude-sonnet-4-5',
        stream: true,
        messages: [{ role: 'user', content: 'slow one [[sim:delay 40]] [[sim:text 20]]' }],
      });
      const metricsText = () => fetch(`http://127.0.0.1:${gateway.adminPort}/metrics`).then((r) => r.text());
      const hits = (text: string) =>
        Number(/broker_lease_cache_total\{[^}]*result="hit"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
      let before: number | undefined;
      for await (const chunk of slow) {
        if (before === undefined && chunk.choices[0]?.delta.content) {
          before = hits(await metricsText());
          const quick = await openai.chat.completions.create({
            model: 'claude-sonnet-4-5',
            messages: [{ role: 'user', content: 'while the slow one streams' }],
          });
          expect(quick.choices[0]?.message.content).toContain('You said: while the slow one streams');
        }
      }
      expect(hits(await metricsText())).toBe((before ?? 0) + 1);
    });

    it('reports the pool on /health and leaks no secret into either log', async () => {
      const health = (await (await fetch(`${gateway.url}/health`)).json()) as {
        pool: { total: number } | null;
      };
      expect(health.pool?.total).toBe(1);
      const metrics = await (await fetch(`http://127.0.0.1:${broker.adminPort}/metrics`)).text();
      expect(metrics).toMatch(/kirogate_broker_refreshes_total\{[^}]*result="ok"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/kirogate_broker_pool_credentials\{[^}]*state="active"[^}]*\} 1/);
      expect(metrics).toContain('kirogate_grpc_server_handled_seconds_count');
      expect(metrics).not.toContain(refreshToken.slice(3, 40));
      expect((await fetch(`http://127.0.0.1:${broker.adminPort}/readyz`)).status).toBe(200);
      for (const output of [gateway.output(), broker.output()]) {
        expect(output).not.toContain(refreshToken.slice(3, 40));
        expect(output).not.toMatch(/aoa[A-Za-z0-9_-]{20}/);
      }
    });
  },
);
