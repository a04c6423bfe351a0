import type { ApiKeyVerifier } from '@kirogate/contracts';
import { type CallObserver, type GrpcServiceRegistration, unaryHandlers } from '@kirogate/grpc';
import {
  userServiceDefinition,
  userServiceName,
  type VerifyApiKeyRequestMessage,
  type VerifyApiKeyResponseMessage,
} from './load-user-service-proto.ts';

/** UserService for `startGrpcServer` (health, error table and deadlines come from @kirogate/grpc). */
export function userGrpcService(verifier: ApiKeyVerifier, observe?: CallObserver): GrpcServiceRegistration {
  return {
    name: userServiceName,
    definition: userServiceDefinition().service,
    implementation: unaryHandlers(
      {
        VerifyApiKey: async (request: VerifyApiKeyRequestMessage): Promise<VerifyApiKeyResponseMessage> => {
          const verified = await verifier.verify(request.keyHash);
          return verified === null
            ? { found: false, userId: '', keyId: '', status: 'CALLER_STATUS_UNSPECIFIED', limits: null }
            : {
                found: true,
                userId: verified.userId,
                keyId: verified.keyId,
                status: verified.status === 'banned' ? 'CALLER_STATUS_BANNED' : 'CALLER_STATUS_ACTIVE',
                limits: verified.limits,
              };
        },
      },
      observe,
    ),
  };
}
