import type { z } from 'zod';
import type {
  anthropicModelInfoSchema,
  anthropicModelListSchema,
} from './anthropic-messages-response-schemas.ts';

export type AnthropicModelInfo = z.infer<typeof anthropicModelInfoSchema>;
export type AnthropicModelList = z.infer<typeof anthropicModelListSchema>;

export interface ListedModel {
  id: string;
  displayName: string;
  /** RFC 3339 release date. */
  createdAt: string;
}

/** The whole list in one page: the catalogue is small, so there is never a next page. */
export function toAnthropicModelList(models: ReadonlyArray<ListedModel>): AnthropicModelList {
  return {
    data: models.map((model) => ({
      type: 'model',
      id: model.id,
      display_name: model.displayName,
      created_at: model.createdAt,
    })),
    has_more: false,
    first_id: models[0]?.id ?? null,
    last_id: models[models.length - 1]?.id ?? null,
  };
}
