import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/user_service.ts';
import { protoLoaderOptions } from './load-token-broker-proto.ts';

export const userServiceName = 'kirogate.users.v1.UserService';

let loaded: ProtoGrpcType['kirogate']['users']['v1'] | undefined;

/** The `kirogate.users.v1` package: service constructor and definition, loaded once. */
export function loadUserServiceProto(): ProtoGrpcType['kirogate']['users']['v1'] {
  if (!loaded) {
    const definition = loadSync('kirogate/users/v1/user_service.proto', protoLoaderOptions);
    loaded = (loadPackageDefinition(definition) as unknown as ProtoGrpcType).kirogate.users.v1;
  }
  return loaded;
}
