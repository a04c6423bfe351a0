import { describe, expect, it } from 'vitest';
import { toAnthropicModelList } from './to-anthropic-model-list.ts';

describe('toAnthropicModelList', () => {
  it('lists the models in one page with the first and last ids', () => {
    const list = toAnthropicModelList([
      { id: 'claude-sonnet-4-5', displayName: 'Claude Sonnet 4.5', createdAt: '2025-09-29T00:00:00Z' },
      { id: 'claude-haiku-4-5', displayName: 'Claude Haiku 4.5', createdAt: '2025-10-01T00:00:00Z' },
    ]);
    expect(list).toEqual({
      data: [
        {
          type: 'model',
          id: 'claude-sonnet-4-5',
          display_name: 'Claude Sonnet 4.5',
          created_at: '2025-09-29T00:00:00Z',
        },
        {
          type: 'model',
          id: 'claude-haiku-4-5',
          display_name: 'Claude Haiku 4.5',
          created_at: '2025-10-01T00:00:00Z',
        },
      ],
      has_more: false,
      first_id: 'claude-sonnet-4-5',
      last_id: 'claude-haiku-4-5',
    });
  });

  it('has null ids for an empty list', () => {
    expect(toAnthropicModelList([])).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });
});
