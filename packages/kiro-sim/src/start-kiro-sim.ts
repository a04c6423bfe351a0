import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleGithub } from './fake-oauth/handle-github.ts';
import { handleLinuxdo } from './fake-oauth/handle-linuxdo.ts';
import { OAuthCodeStore } from './fake-oauth/oauth-code-store.ts';
import { FaultQueue } from './fault-queue.ts';
import { handleChat } from './handle-chat.ts';
import { handleListModels } from './handle-list-models.ts';
import { handleIdcRefresh, handleSocialRefresh } from './handle-refresh.ts';
import { handleSimControl } from './handle-sim-control.ts';
import { handleUsageLimits } from './handle-usage-limits.ts';
import { BodyTooLarge, sendJson } from './http-io.ts';
import type { KiroSimOptions, ResolvedSimOptions } from './kiro-sim-options.ts';
import { scenarioSchema } from './scenario.ts';
import type { SimContext } from './sim-context.ts';
import { createSimControl, type SimControl } from './sim-control.ts';
import { type SimStats, SimStatsRecorder } from './sim-stats.ts';
import { TokenRegistry } from './token-registry.ts';

export interface KiroSim extends SimControl {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`; serves every Kiro host. */
  url: string;
  port: number;
  stats(): SimStats;
  close(): Promise<void>;
}

/** Starts the simulator; it listens until `close()`. */
export async function startKiroSim(options: KiroSimOptions = {}): Promise<KiroSim> {
  const scenario = scenarioSchema.parse(options.scenario ?? {});
  const resolved: ResolvedSimOptions = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    rotation: options.rotation ?? 'rotate',
    strictTokens: options.strictTokens,
    firstByteDelayMs: options.firstByteDelayMs ?? scenario.firstByteDelayMs ?? 0,
    eventDelayMs: options.eventDelayMs ?? scenario.eventDelayMs ?? 0,
    maxInputBytes: options.maxInputBytes ?? 1_000_000,
    toolInputLimitBytes: options.toolInputLimitBytes,
    creditLimit: options.creditLimit ?? 1000,
    framesPerWrite: options.framesPerWrite ?? 1,
    splitWrites: options.splitWrites ?? false,
    recentChatLimit: options.recentChatLimit ?? 20,
    now: options.now ?? Date.now,
  };
  const context: SimContext = {
    options: resolved,
    scenario,
    tokens: new TokenRegistry(resolved),
    stats: new SimStatsRecorder(resolved.recentChatLimit),
    chatFaults: new FaultQueue(scenario.steps, scenario.repeat),
    refreshFaults: new FaultQueue([], false),
    oauth: new OAuthCodeStore(),
  };
  const control = createSimControl(context);

  const server = createServer((request, response) => {
    route(context, control, request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof BodyTooLarge) sendJson(response, 413, { message: error.message });
      else sendJson(response, 500, { message: 'kiro-sim internal error' });
    });
  });
  // Above the 60 s idle timeout common to load balancers, so the balancer, not this server, closes idle connections.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  return {
    ...control,
    url: `http://${host}:${port}`,
    port,
    stats: () => context.stats.snapshot(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function route(
  context: SimContext,
  control: SimControl,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  switch (`${request.method} ${path}`) {
    case 'POST /generateAssistantResponse':
      return handleChat(context, request, response);
    case 'POST /refreshToken':
      return handleSocialRefresh(context, request, response);
    case 'POST /token':
      return handleIdcRefresh(context, request, response);
    case 'GET /ListAvailableModels':
      return handleListModels(context, request, response);
    case 'GET /getUsageLimits':
      return handleUsageLimits(context, request, response);
  }
  if (path.startsWith('/__sim/') && (await handleSimControl(context, control, request, response, path)))
    return;
  if (path.startsWith('/github/') && (await handleGithub(context.oauth, request, response, path))) return;
  if (path.startsWith('/linuxdo/') && (await handleLinuxdo(context.oauth, request, response, path))) return;
  request.resume();
  sendJson(response, 404, { message: `kiro-sim has no route ${request.method} ${path}` });
}
