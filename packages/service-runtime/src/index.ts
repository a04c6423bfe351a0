export { type HttpServerOptions, listen, type RunningServer } from './http/http-server.ts';
export { requestId } from './http/request-id.ts';
export { OrderedShutdown, type ShutdownPhase, shutdownPhases } from './ordered-shutdown.ts';
export { type RunningService, runService } from './run-service.ts';
export {
  createServiceRuntime,
  type DatabaseConfig,
  type RuntimeConfig,
  type RuntimeOptions,
  type ServiceRuntime,
} from './service-runtime.ts';
