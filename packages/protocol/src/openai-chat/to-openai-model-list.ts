export interface OpenAiModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

export interface OpenAiModelList {
  object: 'list';
  data: OpenAiModel[];
}

/** `created` (unix seconds) is shared: the upstream model list carries no dates. */
export function toOpenAiModelList(models: ReadonlyArray<{ id: string }>, created: number): OpenAiModelList {
  return {
    object: 'list',
    data: models.map((model) => ({ id: model.id, object: 'model', created, owned_by: 'anthropic' })),
  };
}
