import type { ApiKeyVerifier } from '@kirogate/contracts';
import {
  type AsyncHandlers,
  type CallObserver,
  type GrpcServiceRegistration,
  loadUserServiceProto,
  type UserServiceHandlers,
  unaryHandlers,
  userServiceName,
  verifiedKeyToProto,
} from '@kirogate/grpc';

/** UserService for `startGrpcServer` (health, error table and deadlines come from @kirogate/grpc). */
export function userGrpcService(verifier: ApiKeyVerifier, observe?: CallObserver): GrpcServiceRegistration {
  const handlers: AsyncHandlers<UserServiceHandlers> = {
    VerifyApiKey: async (request) => verifiedKeyToProto(await verifier.verify(request.keyHash)),
  };
  return {
    name: userServiceName,
    definition: loadUserServiceProto().UserService.service,
    implementation: unaryHandlers(handlers, observe),
  };
}
