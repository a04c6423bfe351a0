// user-service's gRPC side, apart from the package's main entry: in-process users (`npm start`) import
// the main entry and never load gRPC (ADR 0004, "Footprint").
export { userGrpcService } from './grpc/user-grpc-service.ts';
