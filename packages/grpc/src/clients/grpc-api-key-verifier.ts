import type { ApiKeyVerifier, VerifiedKey } from '@kirogate/contracts';
import { createGrpcClient, type GrpcClient } from '../create-grpc-client.ts';
import type { UserServiceClient } from '../generated/kirogate/users/v1/UserService.ts';
import type { InternalAuth } from '../internal-auth.ts';
import { loadUserServiceProto } from '../load-user-service-proto.ts';
import { verifiedKeyFromProto } from '../user-service-codec.ts';

/**
 * The gateway's `ApiKeyVerifier` over gRPC (scaled deployment). Every call has a deadline; an
 * unreachable user-service surfaces as DEPENDENCY_UNAVAILABLE (503, fail closed), never as "invalid key".
 */
export class GrpcApiKeyVerifier implements ApiKeyVerifier {
  readonly #client: GrpcClient<UserServiceClient>;

  constructor(target: string, options: { deadlineMs: number; auth?: InternalAuth }) {
    this.#client = createGrpcClient(loadUserServiceProto().UserService, {
      target,
      deadlineMs: options.deadlineMs,
      ...(options.auth ? { auth: options.auth } : {}),
    });
  }

  async verify(keyHash: string): Promise<VerifiedKey | null> {
    return verifiedKeyFromProto(await this.#client.call('verifyApiKey', { keyHash }));
  }

  close(): void {
    this.#client.close();
  }
}
