export { type StandaloneConfig, standaloneConfigSchema } from './config.ts';
export { type Standalone, startStandalone } from './start-standalone.ts';
