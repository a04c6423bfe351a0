import { describe, expect, it } from 'vitest';
import { parseAvailableModels } from './parse-available-models.ts';

describe('parseAvailableModels', () => {
  it('reads the model ids, names and token limits', () => {
    const page = parseAvailableModels({
      defaultModel: { modelId: 'auto' },
      models: [
        {
          modelId: 'claude-sonnet-4.5',
          modelName: 'Claude Sonnet 4.5',
          description: 'Balanced',
          rateMultiplier: 1.3,
          supportedInputTypes: ['TEXT', 'IMAGE'],
          tokenLimits: { maxInputTokens: 200000, maxOutputTokens: 64000 },
          supportsPromptCache: true,
          additionalModelRequestFieldsSchema: { type: 'object' },
        },
        { modelId: 'claude-haiku-4.5', tokenLimits: null },
      ],
      nextToken: null,
    });
    expect(page).toEqual({
      defaultModelId: 'auto',
      models: [
        {
          modelId: 'claude-sonnet-4.5',
          modelName: 'Claude Sonnet 4.5',
          description: 'Balanced',
          rateMultiplier: 1.3,
          supportedInputTypes: ['TEXT', 'IMAGE'],
          maxInputTokens: 200000,
          maxOutputTokens: 64000,
          supportsPromptCache: true,
        },
        { modelId: 'claude-haiku-4.5', modelName: 'claude-haiku-4.5', supportedInputTypes: [] },
      ],
    });
  });

  it('passes the pagination token on', () => {
    expect(parseAvailableModels({ models: [], nextToken: 'page-2' }).nextToken).toBe('page-2');
  });

  it('rejects a model without an id', () => {
    expect(() => parseAvailableModels({ models: [{ modelName: 'x' }] })).toThrow(/unexpected shape/);
  });
});
