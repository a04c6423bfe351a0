import type { z } from 'zod';
import type { openAiModelListSchema, openAiModelSchema } from './openai-chat-response-schemas.ts';

export type OpenAiModel = z.infer<typeof openAiModelSchema>;
export type OpenAiModelList = z.infer<typeof openAiModelListSchema>;

/** `created` (unix seconds) is shared: the upstream model list carries no dates. */
export function toOpenAiModelList(models: ReadonlyArray<{ id: string }>, created: number): OpenAiModelList {
  return {
    object: 'list',
    data: models.map((model) => ({ id: model.id, object: 'model', created, owned_by: 'anthropic' })),
  };
}
