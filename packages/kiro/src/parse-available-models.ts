import { AppError } from '@kirogate/errors';
import { z } from 'zod';

export interface KiroModel {
  modelId: string;
  modelName: string;
  description?: string;
  rateMultiplier?: number;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  supportedInputTypes: string[];
  supportsPromptCache?: boolean;
}

export interface KiroModelPage {
  defaultModelId?: string;
  models: KiroModel[];
  nextToken?: string;
}

const modelsPageSchema = z.object({
  defaultModel: z.object({ modelId: z.string() }).nullish(),
  models: z
    .array(
      z.object({
        modelId: z.string().min(1),
        modelName: z.string().nullish(),
        description: z.string().nullish(),
        rateMultiplier: z.number().nullish(),
        supportedInputTypes: z.array(z.string()).nullish(),
        tokenLimits: z
          .object({ maxInputTokens: z.number().nullish(), maxOutputTokens: z.number().nullish() })
          .nullish(),
        supportsPromptCache: z.boolean().nullish(),
      }),
    )
    .nullish(),
  nextToken: z.string().nullish(),
});

/** Parses one page of a ListAvailableModels answer. */
export function parseAvailableModels(json: unknown): KiroModelPage {
  const parsed = modelsPageSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('UPSTREAM_ERROR', 'Kiro ListAvailableModels returned an unexpected shape');
  }
  const page: KiroModelPage = {
    models: (parsed.data.models ?? []).map((raw) => {
      const model: KiroModel = {
        modelId: raw.modelId,
        modelName: raw.modelName ?? raw.modelId,
        supportedInputTypes: raw.supportedInputTypes ?? [],
      };
      if (raw.description) model.description = raw.description;
      if (typeof raw.rateMultiplier === 'number') model.rateMultiplier = raw.rateMultiplier;
      if (typeof raw.tokenLimits?.maxInputTokens === 'number')
        model.maxInputTokens = raw.tokenLimits.maxInputTokens;
      if (typeof raw.tokenLimits?.maxOutputTokens === 'number') {
        model.maxOutputTokens = raw.tokenLimits.maxOutputTokens;
      }
      if (typeof raw.supportsPromptCache === 'boolean') model.supportsPromptCache = raw.supportsPromptCache;
      return model;
    }),
  };
  if (parsed.data.defaultModel) page.defaultModelId = parsed.data.defaultModel.modelId;
  if (parsed.data.nextToken) page.nextToken = parsed.data.nextToken;
  return page;
}
