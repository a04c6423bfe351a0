export { createGatewayApp, type GatewayDeps, type HealthReport } from './app.ts';
export { CachedApiKeyVerifier } from './auth/cached-api-key-verifier.ts';
export { type GatewayConfig, gatewayConfigFields, gatewayConfigSchema } from './config.ts';
export { createGateway, type Gateway, type GatewayPorts } from './create-gateway.ts';
export { fallbackKiroModels, type KiroModelInfo, ModelRegistry } from './pipeline/model-registry.ts';
export { type RefreshModelsOptions, refreshModelsPeriodically } from './pipeline/refresh-models.ts';
export * from './site-guard/index.ts';
