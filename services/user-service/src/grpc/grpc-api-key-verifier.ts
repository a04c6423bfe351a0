import { type ApiKeyVerifier, noLimits, type VerifiedKey } from '@kirogate/contracts';
import { createGrpcClient, type GrpcClient, type InternalAuth } from '@kirogate/grpc';
import {
  type UserServiceClient,
  userServiceDefinition,
  type VerifyApiKeyRequestMessage,
  type VerifyApiKeyResponseMessage,
} from './load-user-service-proto.ts';

/** `GrpcClient.call` typed for this one method (UnaryMethod<C> resolves to never for this client). */
type VerifyCall = (
  method: 'VerifyApiKey',
  request: VerifyApiKeyRequestMessage,
) => Promise<VerifyApiKeyResponseMessage>;

/**
 * The gateway's `ApiKeyVerifier` over gRPC (scaled deployment). Every call has a deadline; an
 * unreachable user-service surfaces as DEPENDENCY_UNAVAILABLE (503, fail closed), never as "invalid key".
 */
export class GrpcApiKeyVerifier implements ApiKeyVerifier {
  readonly #client: GrpcClient<UserServiceClient>;

  constructor(target: string, options: { deadlineMs: number; auth?: InternalAuth }) {
    const Constructor = userServiceDefinition() as unknown as new (
      ...args: ConstructorParameters<typeof import('@grpc/grpc-js').Client>
    ) => UserServiceClient;
    this.#client = createGrpcClient(Constructor, {
      target,
      deadlineMs: options.deadlineMs,
      ...(options.auth ? { auth: options.auth } : {}),
    });
  }

  async verify(keyHash: string): Promise<VerifiedKey | null> {
    const call = this.#client.call.bind(this.#client) as unknown as VerifyCall;
    const response = await call('VerifyApiKey', { keyHash });
    if (!response.found) return null;
    return {
      kind: 'user',
      userId: response.userId,
      keyId: response.keyId,
      status: response.status === 'CALLER_STATUS_BANNED' ? 'banned' : 'active',
      limits: {
        user: { ...noLimits, ...response.limits?.user },
        key: { ...noLimits, ...response.limits?.key },
      },
    };
  }

  close(): void {
    this.#client.close();
  }
}
