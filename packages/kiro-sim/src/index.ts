export { FAULT_NAMES, type Fault, type FaultName, parseFaultList } from './fault.ts';
export { FAULT_HEADER } from './handle-chat.ts';
export type { KiroSimOptions } from './kiro-sim-options.ts';
export { MODEL_CATALOG, type SimModel } from './model-catalog.ts';
export { type Scenario, type ScenarioInput, scenarioSchema } from './scenario.ts';
export type { FaultTarget, SimControl, TokenSummary } from './sim-control.ts';
export type { RecordedChat, SimStats } from './sim-stats.ts';
export { type KiroSim, startKiroSim } from './start-kiro-sim.ts';
export type { RegisteredToken, RotationPolicy, TokenState } from './token-registry.ts';
