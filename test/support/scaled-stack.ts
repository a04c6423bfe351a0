import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { startOnFreePorts } from '@kirogate/testing';

export type ServiceName = 'token-broker' | 'user-service' | 'worker' | 'api-gateway';

export interface StackOptions {
  /** The checkout the processes run in. */
  cwd: string;
  /** The command of each service, e.g. `['node', 'services/worker/dist/main.js']`. */
  command: (service: ServiceName) => string[];
  /** Environment of each service before the addresses and ports this stack assigns. */
  env: (service: ServiceName) => Record<string, string>;
}

export interface RunningProcess {
  output(): string;
  stop(): Promise<void>;
}

export interface ScaledStack {
  gatewayUrl: string;
  adminPorts: Record<ServiceName, number>;
  output(service: ServiceName): string;
  stop(): Promise<void>;
}

const readyLines: Record<ServiceName, string> = {
  'token-broker': 'token broker is serving',
  'user-service': 'user-service listening',
  worker: 'worker started',
  'api-gateway': 'KiroGate gateway is listening',
};

/** Runs `command` until `readyLine` appears on its stdout; rejects with its output if it exits first. */
export async function spawnUntil(
  command: string[],
  options: { cwd: string; env: Record<string, string>; readyLine: string },
): Promise<RunningProcess> {
  const [file, ...args] = command;
  const executable = file === 'node' ? process.execPath : (file as string);
  const child: ChildProcess = spawn(executable, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    const onData = (): void => {
      if (output.includes(options.readyLine)) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    once(child, 'close').then(() =>
      reject(new Error(`${command.join(' ')} exited during start-up:\n${output}`)),
    );
  });
  return {
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/**
 * The four services as separate processes on loopback, wired as in Kubernetes: the broker first, then
 * user-service and the worker (both call the broker), then the gateway (calls both).
 */
export async function startScaledStack(options: StackOptions): Promise<ScaledStack> {
  const started: [ServiceName, RunningProcess][] = [];
  const adminPorts = {} as Record<ServiceName, number>;
  const start = (
    service: ServiceName,
    portCount: number,
    wiring: (ports: number[]) => Record<string, string>,
  ) =>
    startOnFreePorts(portCount + 1, async ([adminPort, ...ports]) => {
      const running = await spawnUntil(options.command(service), {
        cwd: options.cwd,
        env: {
          ...options.env(service),
          HOST: '127.0.0.1',
          GRPC_HOST: '127.0.0.1',
          METRICS_HOST: '127.0.0.1',
          METRICS_PORT: String(adminPort),
          ...wiring(ports),
        },
        readyLine: readyLines[service],
      });
      started.push([service, running]);
      adminPorts[service] = adminPort as number;
      return ports;
    });
  try {
    const [brokerPort] = await start('token-broker', 1, ([grpc]) => ({ GRPC_PORT: String(grpc) }));
    const broker = { TOKEN_BROKER_URL: `127.0.0.1:${brokerPort}` };
    const [userHttp, userGrpc] = await start('user-service', 2, ([http, grpc]) => ({
      ...broker,
      PORT: String(http),
      GRPC_PORT: String(grpc),
    }));
    await start('worker', 0, () => broker);
    const [gatewayPort] = await start('api-gateway', 1, ([http]) => ({
      ...broker,
      USER_SERVICE_URL: `127.0.0.1:${userGrpc}`,
      USER_SERVICE_HTTP_URL: `http://127.0.0.1:${userHttp}`,
      PORT: String(http),
    }));
    return {
      gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
      adminPorts,
      output: (service) => started.find(([name]) => name === service)?.[1].output() ?? '',
      stop: () => stopAll(started),
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

async function stopAll(started: [ServiceName, RunningProcess][]): Promise<void> {
  // The gateway first, the broker last: the reverse of the start.
  for (const [, running] of started.splice(0).reverse()) await running.stop();
}
