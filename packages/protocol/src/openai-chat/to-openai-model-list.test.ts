import { describe, expect, it } from 'vitest';
import { toOpenAiModelList } from './to-openai-model-list.ts';

describe('toOpenAiModelList', () => {
  it('lists every model in the OpenAI shape with the given creation time', () => {
    const list = toOpenAiModelList([{ id: 'claude-sonnet-4-5' }, { id: 'claude-haiku-4-5' }], 1_735_000_000);
    expect(list).toEqual({
      object: 'list',
      data: [
        { id: 'claude-sonnet-4-5', object: 'model', created: 1_735_000_000, owned_by: 'anthropic' },
        { id: 'claude-haiku-4-5', object: 'model', created: 1_735_000_000, owned_by: 'anthropic' },
      ],
    });
    expect(toOpenAiModelList([], 1).data).toEqual([]);
  });
});
