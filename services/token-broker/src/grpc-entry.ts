// The broker's gRPC side, apart from the package's main entry: in-process users (`npm start`) import
// the main entry and never load gRPC (ADR 0004, "Footprint").
export { type RunningTokenBroker, startTokenBroker } from './start-token-broker.ts';
export { tokenBrokerGrpcService } from './token-broker-grpc-service.ts';
