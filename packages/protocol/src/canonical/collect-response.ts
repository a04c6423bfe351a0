import { AppError } from '@kirogate/errors';
import type { AssistantPart, JsonObject, ThinkingPart, ToolCallPart } from './message.ts';
import type { CanonicalResponse, StreamEvent } from './stream-event.ts';

function parseObject(text: string): JsonObject {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
  } catch {
    return {};
  }
}

/**
 * The non-streaming answer is the streamed one aggregated: adjacent text merged, thinking with its
 * signature, tool calls where they started with their parsed input. Fed one event at a time with
 * `add`, synchronously, so a caller holding a batch of events needs no async step per event.
 */
export class ResponseCollector {
  readonly #model: string;
  readonly #content: AssistantPart[] = [];
  readonly #openCalls = new Map<number, { part: ToolCallPart; args: string }>();
  #thinking: ThinkingPart | undefined;
  #credits: number | undefined;
  #contextUsagePercentage: number | undefined;

  constructor(model: string) {
    this.#model = model;
  }

  /** Takes one event: returns the response on `finish`, throws the error of an `error` event. */
  add(event: StreamEvent): CanonicalResponse | undefined {
    const content = this.#content;
    switch (event.type) {
      case 'text-delta': {
        if (event.text === '') return undefined;
        const previous = content[content.length - 1];
        if (previous?.type === 'text') previous.text += event.text;
        else content.push({ type: 'text', text: event.text });
        return undefined;
      }
      case 'thinking-delta':
        this.#startThinking().text += event.text;
        return undefined;
      case 'thinking-end':
        if (event.redacted !== undefined) {
          content.push({ type: 'thinking', text: '', redacted: event.redacted });
          this.#thinking = undefined;
          return undefined;
        }
        this.#startThinking().signature = event.signature;
        this.#thinking = undefined;
        return undefined;
      case 'tool-call-start': {
        const part: ToolCallPart = { type: 'tool-call', id: event.id, name: event.name, input: {} };
        content.push(part);
        this.#openCalls.set(event.index, { part, args: '' });
        return undefined;
      }
      case 'tool-call-delta': {
        const call = this.#openCalls.get(event.index);
        if (call) call.args += event.argumentsDelta;
        return undefined;
      }
      case 'tool-call-end': {
        const call = this.#openCalls.get(event.index);
        this.#openCalls.delete(event.index);
        const part = call?.part ?? { type: 'tool-call', id: event.id, name: event.name, input: {} };
        if (!call) content.push(part);
        part.input = event.input;
        return undefined;
      }
      case 'metering':
        this.#credits = (this.#credits ?? 0) + event.credits;
        return undefined;
      case 'context-usage':
        this.#contextUsagePercentage = event.percentage;
        return undefined;
      case 'finish': {
        for (const call of this.#openCalls.values()) call.part.input = parseObject(call.args);
        const usage = { ...event.usage };
        if (usage.credits === undefined && this.#credits !== undefined) usage.credits = this.#credits;
        if (usage.contextUsagePercentage === undefined && this.#contextUsagePercentage !== undefined) {
          usage.contextUsagePercentage = this.#contextUsagePercentage;
        }
        return { model: this.#model, content, finishReason: event.reason, usage };
      }
      case 'error':
        throw event.error;
      default:
        return undefined;
    }
  }

  /** The events ran out before `finish`. */
  incomplete(): AppError {
    return new AppError('UPSTREAM_ERROR', 'The upstream stream ended before the response was complete');
  }

  #startThinking(): ThinkingPart {
    const last = this.#content[this.#content.length - 1];
    if (this.#thinking === undefined || last !== this.#thinking) {
      this.#thinking = { type: 'thinking', text: '' };
      this.#content.push(this.#thinking);
    }
    return this.#thinking;
  }
}

/** `ResponseCollector` over a stream of events. An `error` event is thrown. */
export async function collectResponse(
  events: AsyncIterable<StreamEvent>,
  model: string,
): Promise<CanonicalResponse> {
  const collector = new ResponseCollector(model);
  for await (const event of events) {
    const response = collector.add(event);
    if (response) return response;
  }
  throw collector.incomplete();
}
