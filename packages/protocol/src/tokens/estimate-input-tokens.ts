import type { CanonicalRequest, Message } from '../canonical/index.ts';
import { countTokens } from './count-tokens.ts';

/** Chat framing per message and for the reply primer (OpenAI's chat accounting). */
const perMessage = 4;
const replyPrimer = 3;
const perImage = 100;
const perTool = 4;

/**
 * Estimated prompt tokens of a request (docs/kiro-protocol.md#token-accounting). `count_tokens` and the
 * `input_tokens` reported for the same request both come from here, so they agree.
 */
export function estimateInputTokens(request: CanonicalRequest): number {
  let total = replyPrimer;
  if (request.system.length > 0) total += perMessage + countTokens(request.system.join('\n'));
  for (const message of request.messages) total += perMessage + messageTokens(message);
  for (const tool of request.tools) {
    total +=
      perTool +
      countTokens(tool.name) +
      countTokens(tool.description) +
      countTokens(JSON.stringify(tool.inputSchema));
  }
  return total;
}

function messageTokens(message: Message): number {
  let total = 0;
  for (const part of message.content) {
    switch (part.type) {
      case 'text':
      case 'thinking':
        total += countTokens(part.text);
        break;
      case 'image':
        total += perImage;
        break;
      case 'tool-call':
        total += countTokens(part.name) + countTokens(JSON.stringify(part.input));
        break;
      case 'tool-result':
        for (const item of part.content) total += item.type === 'text' ? countTokens(item.text) : perImage;
        break;
    }
  }
  return total;
}
