import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CallerLimits as _kirogate_users_v1_CallerLimits, CallerLimits__Output as _kirogate_users_v1_CallerLimits__Output } from './kirogate/users/v1/CallerLimits.ts';
import type { LimitValues as _kirogate_users_v1_LimitValues, LimitValues__Output as _kirogate_users_v1_LimitValues__Output } from './kirogate/users/v1/LimitValues.ts';
import type { UserServiceClient as _kirogate_users_v1_UserServiceClient, UserServiceDefinition as _kirogate_users_v1_UserServiceDefinition } from './kirogate/users/v1/UserService.ts';
import type { VerifyApiKeyRequest as _kirogate_users_v1_VerifyApiKeyRequest, VerifyApiKeyRequest__Output as _kirogate_users_v1_VerifyApiKeyRequest__Output } from './kirogate/users/v1/VerifyApiKeyRequest.ts';
import type { VerifyApiKeyResponse as _kirogate_users_v1_VerifyApiKeyResponse, VerifyApiKeyResponse__Output as _kirogate_users_v1_VerifyApiKeyResponse__Output } from './kirogate/users/v1/VerifyApiKeyResponse.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kirogate: {
    users: {
      v1: {
        CallerLimits: MessageTypeDefinition<_kirogate_users_v1_CallerLimits, _kirogate_users_v1_CallerLimits__Output>
        CallerStatus: EnumTypeDefinition
        LimitValues: MessageTypeDefinition<_kirogate_users_v1_LimitValues, _kirogate_users_v1_LimitValues__Output>
        /**
         * Answers the gateway's question "whose key is this?". Site switch and blacklist do not travel here:
         * user-service publishes them through Redis (cache + pub/sub), see services/user-service/README.md.
         */
        UserService: SubtypeConstructor<typeof grpc.Client, _kirogate_users_v1_UserServiceClient> & { service: _kirogate_users_v1_UserServiceDefinition }
        VerifyApiKeyRequest: MessageTypeDefinition<_kirogate_users_v1_VerifyApiKeyRequest, _kirogate_users_v1_VerifyApiKeyRequest__Output>
        VerifyApiKeyResponse: MessageTypeDefinition<_kirogate_users_v1_VerifyApiKeyResponse, _kirogate_users_v1_VerifyApiKeyResponse__Output>
      }
    }
  }
}

