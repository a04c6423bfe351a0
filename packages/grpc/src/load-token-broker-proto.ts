import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync, type Options } from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/token_broker.ts';
import { protoRoot } from './proto-root.ts';

/** Must match the options `proto:gen` passes to proto-loader-gen-types, or the types lie. */
export const protoLoaderOptions: Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [protoRoot],
};

export const tokenBrokerServiceName = 'kirogate.tokenbroker.v1.TokenBrokerService';

let loaded: ProtoGrpcType['kirogate']['tokenbroker']['v1'] | undefined;

/** The `kirogate.tokenbroker.v1` package: service constructor and definition, loaded once. */
export function loadTokenBrokerProto(): ProtoGrpcType['kirogate']['tokenbroker']['v1'] {
  if (!loaded) {
    const definition = loadSync('kirogate/tokenbroker/v1/token_broker.proto', protoLoaderOptions);
    loaded = (loadPackageDefinition(definition) as unknown as ProtoGrpcType).kirogate.tokenbroker.v1;
  }
  return loaded;
}
