import {
  type CallOptions,
  type Client,
  type ClientUnaryCall,
  loadPackageDefinition,
  type Metadata,
  type requestCallback,
  type ServiceClientConstructor,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoLoaderOptions } from '@kirogate/grpc';

export const userServiceName = 'kirogate.users.v1.UserService';

export interface VerifyApiKeyRequestMessage {
  keyHash: string;
}

export interface VerifyApiKeyResponseMessage {
  found: boolean;
  userId: string;
  keyId: string;
  status: 'CALLER_STATUS_UNSPECIFIED' | 'CALLER_STATUS_ACTIVE' | 'CALLER_STATUS_BANNED';
  limits: { user: LimitValuesMessage | null; key: LimitValuesMessage | null } | null;
}

/** `LimitValues` as proto-loader hands it over (`longs: Number`). */
export interface LimitValuesMessage {
  requestsPerMinute: number;
  concurrentRequests: number;
  dailyCredits: number;
  monthlyCredits: number;
  dailyTokens: number;
}

/** The generated-client shape of UserService (one unary method), for `createGrpcClient`. */
export interface UserServiceClient extends Client {
  VerifyApiKey(
    request: VerifyApiKeyRequestMessage,
    metadata: Metadata,
    options: CallOptions,
    callback: requestCallback<VerifyApiKeyResponseMessage>,
  ): ClientUnaryCall;
  VerifyApiKey(
    request: VerifyApiKeyRequestMessage,
    callback: requestCallback<VerifyApiKeyResponseMessage>,
  ): ClientUnaryCall;
}

let cached: ServiceClientConstructor | undefined;

/** `kirogate.users.v1.UserService`, loaded once with the shared proto-loader options (camelCase fields). */
export function userServiceDefinition(): ServiceClientConstructor {
  if (!cached) {
    const definition = loadSync('kirogate/users/v1/user_service.proto', protoLoaderOptions);
    const root = loadPackageDefinition(definition) as unknown as {
      kirogate: { users: { v1: { UserService: ServiceClientConstructor } } };
    };
    cached = root.kirogate.users.v1.UserService;
  }
  return cached;
}
