import type { OpenAiResponsesRequest } from './openai-responses-request-schema.ts';

/** The ids named by `item_reference` inputs, in order, without repeats. */
export function itemReferenceIds(request: OpenAiResponsesRequest): string[] {
  if (typeof request.input === 'string') return [];
  const ids = request.input.flatMap((item) => (item.type === 'item_reference' ? [item.id] : []));
  return [...new Set(ids)];
}

/** The response an output item id belongs to (`msg_x_0` → `resp_x`; see `outputItemId`), if it is ours. */
export function responseIdOfItem(itemId: string): string | undefined {
  const match = /^(?:msg|fc|rs)_([0-9a-f]{24})_\d+$/.exec(itemId);
  return match ? `resp_${match[1]}` : undefined;
}
