import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  createGrpcClient,
  type GrpcClient,
  loadTokenBrokerProto,
  type TokenBrokerServiceClient,
} from '@kirogate/grpc';
import { childNodeEnv, startOnFreePorts } from '@kirogate/testing';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const brokerMain = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface BrokerProcess {
  grpcPort: number;
  adminPort: number;
  client: GrpcClient<TokenBrokerServiceClient>;
  /** Everything the process wrote, for diagnosing a failed test and proving no secret was logged. */
  output(): string;
  stop(): Promise<void>;
}

export interface ServiceProcess {
  output(): string;
  stop(): Promise<void>;
}

/** Runs a service entry with `--conditions=source` until `readyLine` appears on its stdout. */
export async function spawnService(
  main: string,
  env: Record<string, string>,
  readyLine: string,
): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--conditions=source', main], {
    cwd: repoRoot,
    env: { ...childNodeEnv(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    const onData = (): void => {
      if (output.includes(readyLine)) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    // 'close', not 'exit': by then everything it wrote (the reason it stopped) has been read.
    once(child, 'close').then(() => reject(new Error(`${main} exited during start-up:\n${output}`)));
  });
  return {
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** The INTERNAL_TOKEN the spawned services share (required in the scaled deployment). */
export const testInternalToken = 'test-internal-token-0123456789abcdef';

/**
 * A token-broker process (`node --conditions=source src/main.ts`) with a gRPC client on it. Its ports
 * are free when picked, and picked again should another process take one before the broker binds it.
 */
export async function spawnBroker(env: Record<string, string>): Promise<BrokerProcess> {
  const { service, grpcPort, adminPort } = await startOnFreePorts(2, async ([grpcPort, adminPort]) => ({
    grpcPort: grpcPort!,
    adminPort: adminPort!,
    service: await spawnService(
      brokerMain,
      {
        GRPC_HOST: '127.0.0.1',
        GRPC_PORT: String(grpcPort),
        METRICS_HOST: '127.0.0.1',
        METRICS_PORT: String(adminPort),
        SHUTDOWN_TIMEOUT_MS: '2000',
        INTERNAL_TOKEN: testInternalToken,
        ...env,
      },
      'token broker is serving',
    ),
  }));
  const client = createGrpcClient(loadTokenBrokerProto().TokenBrokerService, {
    target: `127.0.0.1:${grpcPort}`,
    deadlineMs: 20_000,
    auth: { token: testInternalToken },
  });
  return {
    grpcPort,
    adminPort,
    client,
    output: service.output,
    async stop() {
      client.close();
      await service.stop();
    },
  };
}

const gatewayMain = fileURLToPath(new URL('../../../api-gateway/src/main.ts', import.meta.url));

export interface GatewayProcess extends ServiceProcess {
  url: string;
  adminPort: number;
}

/** The scaled gateway (`services/api-gateway/src/main.ts`) pointed at a broker over gRPC; ports as above. */
export async function spawnGateway(env: Record<string, string>): Promise<GatewayProcess> {
  const { service, port, adminPort } = await startOnFreePorts(2, async ([port, adminPort]) => ({
    port: port!,
    adminPort: adminPort!,
    service: await spawnService(
      gatewayMain,
      {
        HOST: '127.0.0.1',
        PORT: String(port),
        METRICS_HOST: '127.0.0.1',
        METRICS_PORT: String(adminPort),
        SHUTDOWN_TIMEOUT_MS: '2000',
        INTERNAL_TOKEN: testInternalToken,
        ...env,
      },
      'KiroGate gateway is listening',
    ),
  }));
  return { ...service, url: `http://127.0.0.1:${port}`, adminPort };
}
