import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, isAppError } from '@kirogate/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrpcClient } from './create-grpc-client.ts';
import type { TokenBrokerServiceHandlers } from './generated/kirogate/tokenbroker/v1/TokenBrokerService.ts';
import type { InternalAuth } from './internal-auth.ts';
import { loadTokenBrokerProto, tokenBrokerServiceName } from './load-token-broker-proto.ts';
import {
  type AsyncHandlers,
  type RunningGrpcServer,
  startGrpcServer,
  unaryHandlers,
} from './start-grpc-server.ts';

const proto = loadTokenBrokerProto();
const token = 'internal-token-0123456789abcdef0123456789';
let reached = 0;
const handlers: Partial<AsyncHandlers<TokenBrokerServiceHandlers>> = {
  DeleteCredential: async () => {
    reached += 1;
    return {};
  },
};

async function serve(auth: InternalAuth): Promise<RunningGrpcServer> {
  return startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    auth,
    services: [
      {
        name: tokenBrokerServiceName,
        definition: proto.TokenBrokerService.service,
        implementation: unaryHandlers(handlers as AsyncHandlers<TokenBrokerServiceHandlers>),
      },
    ],
  });
}

async function deleteCall(target: string, auth?: InternalAuth): Promise<unknown> {
  const client = createGrpcClient(proto.TokenBrokerService, {
    target,
    deadlineMs: 10_000,
    maxAttempts: 1,
    ...(auth ? { auth } : {}),
  });
  try {
    return await client.call('DeleteCredential', { id: 'c1' });
  } catch (error) {
    return error;
  } finally {
    client.close();
  }
}

describe('internal token on gRPC', () => {
  let server: RunningGrpcServer;
  beforeAll(async () => {
    server = await serve({ token });
  });
  afterAll(async () => {
    await server.shutdown(100);
  });

  it('refuses calls without the token or with another one before any handler runs', async () => {
    const target = `127.0.0.1:${server.port}`;
    const before = reached;
    for (const auth of [undefined, { token: 'not-the-token' }, { token: `${token}x` }]) {
      const error = await deleteCall(target, auth);
      expect(isAppError(error)).toBe(true);
      expect((error as AppError).code).toBe('UNAUTHENTICATED');
      expect((error as AppError).message).not.toContain(token);
    }
    expect(reached).toBe(before);
    expect(await deleteCall(target, { token })).toEqual({});
    expect(reached).toBe(before + 1);
  });
});

describe('gRPC over TLS', () => {
  let dir: string;
  let server: RunningGrpcServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kg-grpc-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    server = await serve({
      token,
      tls: { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') },
    });
  });
  afterAll(async () => {
    await server?.shutdown(100);
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a client that trusts the certificate and refuses a plaintext one', async () => {
    const target = `localhost:${server.port}`;
    expect(await deleteCall(target, { token, tls: { caFile: join(dir, 'cert.pem') } })).toEqual({});
    const plaintext = await deleteCall(target, { token });
    expect(plaintext).toBeInstanceOf(AppError);
  });
});
