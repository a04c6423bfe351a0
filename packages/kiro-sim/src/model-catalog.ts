export interface SimModel {
  modelId: string;
  modelName: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  rateMultiplier: number;
  /** Accepted by generateAssistantResponse but absent from ListAvailableModels, like Kiro's legacy ids. */
  hidden?: boolean;
}

export const DEFAULT_MODEL_ID = 'auto';

export const MODEL_CATALOG: readonly SimModel[] = [
  { modelId: 'auto', modelName: 'Auto', maxInputTokens: 200_000, maxOutputTokens: 64_000, rateMultiplier: 1 },
  model('claude-sonnet-4', 'Claude Sonnet 4', 200_000, 1.3),
  model('claude-sonnet-4.5', 'Claude Sonnet 4.5', 200_000, 1.3),
  model('claude-sonnet-4.6', 'Claude Sonnet 4.6', 200_000, 1.3),
  model('claude-haiku-4.5', 'Claude Haiku 4.5', 200_000, 0.4),
  model('claude-opus-4.5', 'Claude Opus 4.5', 200_000, 2.2),
  model('claude-opus-4.6', 'Claude Opus 4.6', 1_000_000, 2.2),
  model('claude-opus-4.7', 'Claude Opus 4.7', 200_000, 2.2),
  model('claude-opus-4.8', 'Claude Opus 4.8', 200_000, 2.2),
  { ...model('CLAUDE_SONNET_4_5_20250929_V1_0', 'Claude Sonnet 4.5', 200_000, 1.3), hidden: true },
  { ...model('CLAUDE_SONNET_4_20250514_V1_0', 'Claude Sonnet 4', 200_000, 1.3), hidden: true },
  { ...model('CLAUDE_3_7_SONNET_20250219_V1_0', 'Claude Sonnet 3.7', 200_000, 1.3), hidden: true },
];

const byId = new Map(MODEL_CATALOG.map((entry) => [entry.modelId, entry]));

export function findModel(modelId: string): SimModel | undefined {
  return byId.get(modelId);
}

function model(modelId: string, modelName: string, maxInputTokens: number, rateMultiplier: number): SimModel {
  return { modelId, modelName, maxInputTokens, maxOutputTokens: 64_000, rateMultiplier };
}
