import type { KiroHistoryEntry, KiroRequestBody, KiroUserInputMessage } from './types.ts';

const emptyAssistantContent = '(empty)';

/**
 * The body of a follow-up call in the same conversation: the current user turn moves into the history,
 * followed by what the model said so far (`assistantText`), and `instruction` becomes the new current
 * user turn. The tool declarations move along with the current turn, since Kiro reads them there;
 * tool results stay with the turn they answer. Pure: `body` is not modified.
 */
export function continueKiroBody(
  body: KiroRequestBody,
  assistantText: string,
  instruction: string,
): KiroRequestBody {
  const state = body.conversationState;
  const current = state.currentMessage.userInputMessage;
  const { tools, ...restOfContext } = current.userInputMessageContext ?? {};
  const moved: KiroUserInputMessage = { ...current };
  delete moved.userInputMessageContext;
  if (restOfContext.toolResults) moved.userInputMessageContext = restOfContext;
  const history: KiroHistoryEntry[] = [
    ...(state.history ?? []),
    { userInputMessage: moved },
    {
      assistantResponseMessage: {
        content: assistantText.trim() === '' ? emptyAssistantContent : assistantText,
      },
    },
  ];
  const next: KiroUserInputMessage = {
    content: instruction,
    modelId: current.modelId,
    origin: current.origin,
    ...(tools && tools.length > 0 && { userInputMessageContext: { tools } }),
  };
  return {
    ...body,
    conversationState: { ...state, currentMessage: { userInputMessage: next }, history },
  };
}
