import { formatSse } from '@kirogate/eventstream';

/** `thinking`, `text`, or `tool:<canonical index>` */
export type BlockKey = 'thinking' | 'text' | `tool:${number}`;

export function anthropicEvent(type: string, fields: Record<string, unknown>): string {
  return formatSse({ event: type, data: JSON.stringify({ type, ...fields }) });
}

/**
 * Hands out content-block indexes in strictly increasing order and remembers which blocks are open,
 * so every started block is stopped exactly once.
 */
export class AnthropicBlockSequencer {
  #next = 0;
  readonly #open = new Map<BlockKey, number>();
  readonly #done = new Set<BlockKey>();

  isOpen(key: BlockKey): boolean {
    return this.#open.has(key);
  }

  /** Whether the block was started at some point (it may already be stopped). */
  wasStarted(key: BlockKey): boolean {
    return this.#open.has(key) || this.#done.has(key);
  }

  start(key: BlockKey, contentBlock: Record<string, unknown>): string {
    const index = this.#next++;
    this.#open.set(key, index);
    this.#done.delete(key);
    return anthropicEvent('content_block_start', { index, content_block: contentBlock });
  }

  delta(key: BlockKey, delta: Record<string, unknown>): string {
    return anthropicEvent('content_block_delta', { index: this.#open.get(key), delta });
  }

  /** The stop event, or '' when the block is not open. */
  stop(key: BlockKey): string {
    const index = this.#open.get(key);
    if (index === undefined) return '';
    this.#open.delete(key);
    this.#done.add(key);
    return anthropicEvent('content_block_stop', { index });
  }

  /** Stops every open block, in index order. */
  stopAll(): string {
    let out = '';
    for (const key of [...this.#open.keys()]) out += this.stop(key);
    return out;
  }
}
