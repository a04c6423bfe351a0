import {
  contextWindowFor,
  publicModelName,
  resolveModel,
  toAnthropicModelList,
  toOpenAiModelList,
} from '@kirogate/protocol';
import type { ApiFormat } from '../formats/format-adapter.ts';

export interface KiroModelInfo {
  modelId: string;
  modelName?: string;
  maxInputTokens?: number;
}

/** Kiro ids known to work when ListAvailableModels has not been read yet (docs/kiro-protocol.md#model-ids). */
export const fallbackKiroModels: readonly KiroModelInfo[] = [
  { modelId: 'claude-sonnet-4.5', modelName: 'Claude Sonnet 4.5' },
  { modelId: 'claude-sonnet-4.6', modelName: 'Claude Sonnet 4.6' },
  { modelId: 'claude-sonnet-4', modelName: 'Claude Sonnet 4' },
  { modelId: 'claude-haiku-4.5', modelName: 'Claude Haiku 4.5' },
  { modelId: 'claude-opus-4.5', modelName: 'Claude Opus 4.5' },
  { modelId: 'claude-opus-4.6', modelName: 'Claude Opus 4.6' },
  { modelId: 'auto', modelName: 'Auto' },
];

export interface ResolvedModel {
  kiroModelId: string;
  reason: ReturnType<typeof resolveModel>['reason'];
  contextWindow: number;
}

/**
 * The models this deployment offers: Kiro's list (refreshed in the background, cached), operator
 * aliases, and the rendering of `/v1/models` in both client formats.
 */
export class ModelRegistry {
  #models: readonly KiroModelInfo[];
  #byId: Map<string, KiroModelInfo>;
  #fetchedAt = 0;
  readonly #aliases: Readonly<Record<string, string>>;
  readonly #created = Math.floor(Date.now() / 1000);

  constructor(
    aliases: Readonly<Record<string, string>>,
    models: readonly KiroModelInfo[] = fallbackKiroModels,
  ) {
    this.#aliases = aliases;
    this.#models = models;
    this.#byId = new Map(models.map((model) => [model.modelId, model]));
  }

  resolve(name: string): ResolvedModel {
    const resolution = resolveModel(name, { available: [...this.#byId.keys()], aliases: this.#aliases });
    const listed = this.#byId.get(resolution.kiroModelId)?.maxInputTokens;
    return { ...resolution, contextWindow: contextWindowFor(resolution.kiroModelId, listed) };
  }

  /** Whether `kiroModelId` is one this deployment lists (Kiro's list or an alias target). */
  isListed(kiroModelId: string): boolean {
    return this.#byId.has(kiroModelId) || Object.values(this.#aliases).includes(kiroModelId);
  }

  replace(models: readonly KiroModelInfo[]): void {
    if (models.length === 0) return;
    this.#models = models;
    this.#byId = new Map(models.map((model) => [model.modelId, model]));
    this.#fetchedAt = Date.now();
  }

  /** Whether the list came from Kiro (and when), for the health view. */
  get fetchedAt(): number {
    return this.#fetchedAt;
  }

  render(api: ApiFormat): unknown {
    const listed = this.#publicModels();
    return api === 'openai'
      ? toOpenAiModelList(listed, this.#created)
      : toAnthropicModelList(
          listed.map((model) => ({ ...model, createdAt: new Date(this.#created * 1000).toISOString() })),
        );
  }

  /** The names `/v1/models` lists, for the public status page. */
  publicNames(): string[] {
    return this.#publicModels().map((model) => model.id);
  }

  #publicModels(): Array<{ id: string; displayName: string }> {
    const seen = new Set<string>();
    const out: Array<{ id: string; displayName: string }> = [];
    const add = (id: string, displayName: string): void => {
      if (seen.has(id)) return;
      seen.add(id);
      out.push({ id, displayName });
    };
    for (const model of this.#models) add(publicModelName(model.modelId), model.modelName ?? model.modelId);
    for (const alias of Object.keys(this.#aliases)) add(alias, alias);
    return out;
  }
}
