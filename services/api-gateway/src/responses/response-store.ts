import type { Caller } from '@kirogate/contracts';
import type { Message, OpenAiResponsesResponse } from '@kirogate/protocol';

/** A finished response and the conversation up to and including it, to continue by `previous_response_id`. */
export interface StoredResponse {
  response: OpenAiResponsesResponse;
  /** Every canonical turn sent to the model for this response, then its answer. */
  messages: Message[];
}

/** Stored responses, each visible only to the caller that created it. */
export interface ResponseStore {
  save(owner: Caller, stored: StoredResponse): Promise<void>;
  load(owner: Caller, id: string): Promise<StoredResponse | undefined>;
  /** Whether there was such a response. */
  delete(owner: Caller, id: string): Promise<boolean>;
}
