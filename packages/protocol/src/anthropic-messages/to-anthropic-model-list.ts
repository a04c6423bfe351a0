export interface AnthropicModelInfo {
  type: 'model';
  id: string;
  display_name: string;
  /** RFC 3339 */
  created_at: string;
}

export interface AnthropicModelList {
  data: AnthropicModelInfo[];
  has_more: false;
  first_id: string | null;
  last_id: string | null;
}

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
