export { roundRobinChannelOptions, serverConnectionAge } from './balancing.ts';
export { GrpcApiKeyVerifier } from './clients/grpc-api-key-verifier.ts';
export { GrpcCredentialAdmin, type GrpcCredentialAdminOptions } from './clients/grpc-credential-admin.ts';
export { GrpcCredentialBroker, type GrpcCredentialBrokerOptions } from './clients/grpc-credential-broker.ts';
export { GrpcCredentialChecker } from './clients/grpc-credential-checker.ts';
export {
  type CallOverrides,
  createGrpcClient,
  type GrpcClient,
  type GrpcClientOptions,
  type UnaryMethod,
} from './create-grpc-client.ts';
export type * from './generated/kirogate/tokenbroker/v1/AuthKind.ts';
export type * from './generated/kirogate/tokenbroker/v1/Caller.ts';
export type * from './generated/kirogate/tokenbroker/v1/CheckCredentialRequest.ts';
export type * from './generated/kirogate/tokenbroker/v1/CredentialCheckResult.ts';
export type * from './generated/kirogate/tokenbroker/v1/CredentialState.ts';
export type * from './generated/kirogate/tokenbroker/v1/CredentialSummary.ts';
export type * from './generated/kirogate/tokenbroker/v1/Lease.ts';
export type * from './generated/kirogate/tokenbroker/v1/LeaseCredentialRequest.ts';
export type * from './generated/kirogate/tokenbroker/v1/LeaseOutcomeReport.ts';
export type * from './generated/kirogate/tokenbroker/v1/ListCredentialsRequest.ts';
export type * from './generated/kirogate/tokenbroker/v1/OutcomeKind.ts';
export type * from './generated/kirogate/tokenbroker/v1/PoolStatusResponse.ts';
export type * from './generated/kirogate/tokenbroker/v1/RegisterCredentialRequest.ts';
export type * from './generated/kirogate/tokenbroker/v1/TokenBrokerService.ts';
export type * from './generated/kirogate/tokenbroker/v1/Visibility.ts';
export type * from './generated/kirogate/users/v1/UserService.ts';
export type * from './generated/kirogate/users/v1/VerifyApiKeyRequest.ts';
export type * from './generated/kirogate/users/v1/VerifyApiKeyResponse.ts';
export {
  errorCodeKey,
  fromGrpcError,
  isRetryableTransportFailure,
  retryAfterKey,
  toGrpcStatus,
} from './grpc-error-table.ts';
export {
  channelCredentials,
  type InternalAuth,
  internalMetadata,
  internalTokenKey,
  requireInternalToken,
  serverCredentials,
} from './internal-auth.ts';
export {
  loadTokenBrokerProto,
  protoLoaderOptions,
  tokenBrokerServiceName,
} from './load-token-broker-proto.ts';
export { loadUserServiceProto, userServiceName } from './load-user-service-proto.ts';
export { protoRoot } from './proto-root.ts';
export {
  type AsyncHandlers,
  type CallObserver,
  type GrpcServerOptions,
  type GrpcServiceRegistration,
  type RunningGrpcServer,
  startGrpcServer,
  unaryHandlers,
} from './start-grpc-server.ts';
export {
  adoptedFromProto,
  adoptedToProto,
  callerFromProto,
  callerToProto,
  checkResultFromProto,
  checkResultToProto,
  filterFromProto,
  filterToProto,
  leaseFromProto,
  leaseRequestFromProto,
  leaseRequestToProto,
  leaseToProto,
  outcomeFromProto,
  outcomeToProto,
  poolStatusFromProto,
  poolStatusToProto,
  registerFromProto,
  registerToProto,
  sealedFromProto,
  sealedToProto,
  summaryFromProto,
  summaryToProto,
  updatePatchFromProto,
  updatePatchToProto,
} from './token-broker-codec.ts';
export { verifiedKeyFromProto, verifiedKeyToProto } from './user-service-codec.ts';
