// Original file: proto/kirogate/users/v1/user_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { VerifyApiKeyRequest as _kirogate_users_v1_VerifyApiKeyRequest, VerifyApiKeyRequest__Output as _kirogate_users_v1_VerifyApiKeyRequest__Output } from '../../../kirogate/users/v1/VerifyApiKeyRequest.ts';
import type { VerifyApiKeyResponse as _kirogate_users_v1_VerifyApiKeyResponse, VerifyApiKeyResponse__Output as _kirogate_users_v1_VerifyApiKeyResponse__Output } from '../../../kirogate/users/v1/VerifyApiKeyResponse.ts';

/**
 * Answers the gateway's question "whose key is this?". Site switch and blacklist do not travel here:
 * user-service publishes them through Redis (cache + pub/sub), see services/user-service/README.md.
 */
export interface UserServiceClient extends grpc.Client {
  /**
   * Looks a user key up by its SHA-256 hex. Unknown, disabled and import keys answer found=false;
   * a banned owner answers found=true with status BANNED, so the gateway can say 403 instead of 401.
   */
  VerifyApiKey(argument: _kirogate_users_v1_VerifyApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_users_v1_VerifyApiKeyResponse__Output>): grpc.ClientUnaryCall;
  VerifyApiKey(argument: _kirogate_users_v1_VerifyApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_users_v1_VerifyApiKeyResponse__Output>): grpc.ClientUnaryCall;
  VerifyApiKey(argument: _kirogate_users_v1_VerifyApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_users_v1_VerifyApiKeyResponse__Output>): grpc.ClientUnaryCall;
  VerifyApiKey(argument: _kirogate_users_v1_VerifyApiKeyRequest, callback: grpc.requestCallback<_kirogate_users_v1_VerifyApiKeyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Looks a user key up by its SHA-256 hex. Unknown, disabled and import keys answer found=false;
   * a banned owner answers found=true with status BANNED, so the gateway can say 403 instead of 401.
   */
  verifyApiKey(argument: _kirogate_users_v1_VerifyApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_users_v1_VerifyApiKeyResponse__Output>): grpc.ClientUnaryCall;
  verifyApiKey(argument: _kirogate_users_v1_VerifyApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_users_v1_VerifyApiKeyResponse__Output>): grpc.ClientUnaryCall;
  verifyApiKey(argument: _kirogate_users_v1_VerifyApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_users_v1_VerifyApiKeyResponse__Output>): grpc.ClientUnaryCall;
  verifyApiKey(argument: _kirogate_users_v1_VerifyApiKeyRequest, callback: grpc.requestCallback<_kirogate_users_v1_VerifyApiKeyResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Answers the gateway's question "whose key is this?". Site switch and blacklist do not travel here:
 * user-service publishes them through Redis (cache + pub/sub), see services/user-service/README.md.
 */
export interface UserServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Looks a user key up by its SHA-256 hex. Unknown, disabled and import keys answer found=false;
   * a banned owner answers found=true with status BANNED, so the gateway can say 403 instead of 401.
   */
  VerifyApiKey: grpc.handleUnaryCall<_kirogate_users_v1_VerifyApiKeyRequest__Output, _kirogate_users_v1_VerifyApiKeyResponse>;
  
}

export interface UserServiceDefinition extends grpc.ServiceDefinition {
  VerifyApiKey: MethodDefinition<_kirogate_users_v1_VerifyApiKeyRequest, _kirogate_users_v1_VerifyApiKeyResponse, _kirogate_users_v1_VerifyApiKeyRequest__Output, _kirogate_users_v1_VerifyApiKeyResponse__Output>
}
