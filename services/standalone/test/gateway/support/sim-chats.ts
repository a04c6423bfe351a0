import type { KiroSim, RecordedChat } from '@kirogate/kiro-sim';

/** The Kiro request bodies the simulator received whose text contains `marker`, oldest first. */
export function simChatsContaining(sim: KiroSim, marker: string): RecordedChat[] {
  return sim.stats().recentChats.filter((chat) => JSON.stringify(chat.body).includes(marker));
}

/** `conversationState.currentMessage.userInputMessage` of a recorded Kiro request. */
export function currentUserMessage(chat: RecordedChat): Record<string, unknown> {
  const body = chat.body as {
    conversationState: { currentMessage: { userInputMessage: Record<string, unknown> } };
  };
  return body.conversationState.currentMessage.userInputMessage;
}

/** Total of a per-key counter in the simulator's stats, for before/after comparisons. */
export function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, n) => total + n, 0);
}
