export type {
  AssistantPart,
  CanonicalRequest,
  ImagePart,
  ImageSource,
  JsonObject,
  JsonValue,
  Message,
  TextPart,
  ThinkingConfig,
  ThinkingPart,
  ToolCallPart,
  ToolChoice,
  ToolDefinition,
  ToolResultPart,
  UserPart,
} from './message.ts';
export type { CanonicalResponse, FinishReason, StreamEvent, Usage } from './stream-event.ts';
