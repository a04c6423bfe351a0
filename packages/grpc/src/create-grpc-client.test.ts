import { credentials as grpcCredentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { AppError } from '@kirogate/errors';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrpcClient } from './create-grpc-client.ts';
import type { TokenBrokerServiceHandlers } from './generated/kirogate/tokenbroker/v1/TokenBrokerService.ts';
import { loadTokenBrokerProto, tokenBrokerServiceName } from './load-token-broker-proto.ts';
import {
  type AsyncHandlers,
  type RunningGrpcServer,
  startGrpcServer,
  unaryHandlers,
} from './start-grpc-server.ts';

const proto = loadTokenBrokerProto();
let poolCalls = 0;
let server: RunningGrpcServer;
const observed: string[] = [];

const handlers: Partial<AsyncHandlers<TokenBrokerServiceHandlers>> = {
  PoolStatus: async () => {
    poolCalls += 1;
    throw new AppError('NO_CREDENTIAL_AVAILABLE', 'No Kiro credential is available right now.', {
      retryAfterSeconds: 5,
    });
  },
  RefreshLease: async (request) => {
    if (request.leaseId === 'hang') return new Promise(() => undefined);
    throw new Error(`database password=hunter2 for ${request.leaseId}`);
  },
  DeleteCredential: async (request) => {
    if (request.id === 'gone') throw new AppError('NOT_FOUND', 'No such credential.');
    return {};
  },
};

beforeAll(async () => {
  server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    services: [
      {
        name: tokenBrokerServiceName,
        definition: proto.TokenBrokerService.service,
        implementation: unaryHandlers(handlers as AsyncHandlers<TokenBrokerServiceHandlers>, (method, code) =>
          observed.push(`${method}:${code}`),
        ),
      },
    ],
  });
});

afterAll(async () => {
  await server.shutdown(100);
});

const client = () =>
  createGrpcClient(proto.TokenBrokerService, { target: `127.0.0.1:${server.port}`, deadlineMs: 5_000 });

describe('gRPC client and server helpers', () => {
  it('carries the exact AppError code and retry-after across, and does not retry an application UNAVAILABLE', async () => {
    const broker = client();
    poolCalls = 0;
    const error = await broker.call('poolStatus', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'NO_CREDENTIAL_AVAILABLE',
      message: 'No Kiro credential is available right now.',
      details: { retryAfterSeconds: 5 },
    });
    expect(((error as AppError).cause as ServiceError).code).toBe(14);
    expect(poolCalls).toBe(1);
    await expect(broker.call('deleteCredential', { id: 'gone' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await broker.call('deleteCredential', { id: 'here' })).toEqual({});
    expect(observed).toContain('PoolStatus:UNAVAILABLE');
    expect(observed).toContain('DeleteCredential:OK');
    broker.close();
  });

  it('turns an unexpected failure into INTERNAL without its message', async () => {
    const broker = client();
    const error = await broker.call('refreshLease', { leaseId: 'x' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'INTERNAL', message: 'Internal server error' });
    expect(JSON.stringify(error)).not.toContain('hunter2');
    broker.close();
  });

  it('puts a deadline on every call', async () => {
    const broker = client();
    const error = await broker
      .call('refreshLease', { leaseId: 'hang' }, { deadlineMs: 50 })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect(((error as AppError).cause as ServiceError).code).toBe(4);
    broker.close();
  });

  it('classifies an unreachable peer as DEPENDENCY_UNAVAILABLE after its retries', async () => {
    const broker = createGrpcClient(proto.TokenBrokerService, {
      target: '127.0.0.1:1',
      deadlineMs: 2_000,
      maxAttempts: 2,
      retryDelayMs: 10,
    });
    await expect(broker.call('poolStatus', {})).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    broker.close();
  });

  it('answers grpc.health.v1 Check: NOT_SERVING until told, then SERVING', async () => {
    const health = loadPackageDefinition(loadSync(healthProtoPath, { enums: String })) as unknown as {
      grpc: { health: { v1: { Health: new (target: string, creds: unknown) => HealthClient } } };
    };
    const checker = new health.grpc.health.v1.Health(
      `127.0.0.1:${server.port}`,
      grpcCredentials.createInsecure(),
    );
    const check = (service: string) =>
      new Promise<string>((resolve, reject) =>
        checker.Check({ service }, (error, response) => (error ? reject(error) : resolve(response!.status))),
      );
    expect(await check(tokenBrokerServiceName)).toBe('NOT_SERVING');
    server.setServing(true);
    expect(await check(tokenBrokerServiceName)).toBe('SERVING');
    expect(await check('')).toBe('SERVING');
    checker.close();
  });
});

interface HealthClient {
  Check(
    request: { service: string },
    callback: (error: Error | null, response?: { status: string }) => void,
  ): void;
  close(): void;
}
