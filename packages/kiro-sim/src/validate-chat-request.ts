import { IMPROPERLY_FORMED, INVALID_MODEL, type KiroErrorResponse } from './kiro-error-body.ts';
import { DEFAULT_MODEL_ID, findModel, type SimModel } from './model-catalog.ts';

export interface ToolResultView {
  toolUseId: string;
  /** The tool's name, from the matching toolUse of the previous assistant turn. */
  name: string;
  text: string;
}

/** The parts of a valid generateAssistantResponse body the responder works from. */
export interface ChatRequestView {
  model: SimModel;
  currentText: string;
  toolResults: ToolResultView[];
  toolNames: string[];
}

export type ChatValidation =
  | { ok: true; request: ChatRequestView }
  | { ok: false; error: KiroErrorResponse; why: string };

type Json = Record<string, unknown>;

const TOP_LEVEL_FIELDS = new Set(['conversationState', 'profileArn']);
const MAX_TOOL_NAME_LENGTH = 64;

class Rejected extends Error {
  readonly response: KiroErrorResponse;

  constructor(response: KiroErrorResponse, why: string) {
    super(why);
    this.response = response;
  }
}

/**
 * Checks a body the way Kiro does: a broken conversation shape is `400 Improperly formed request.`
 * with no hint of what was wrong; `why` says it for the simulator's stats only.
 */
export function validateChatRequest(body: unknown, authKind: 'social' | 'idc'): ChatValidation {
  try {
    return { ok: true, request: inspect(body, authKind) };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, error: error.response, why: error.message };
    throw error;
  }
}

function inspect(body: unknown, authKind: 'social' | 'idc'): ChatRequestView {
  const root = object(body, 'body');
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL_FIELDS.has(key)) reject(`unknown top-level field ${key}`);
  }
  if (root.profileArn !== undefined) {
    if (typeof root.profileArn !== 'string') reject('profileArn is not a string');
    if (authKind === 'idc') reject('profileArn sent with an IdC credential');
  }
  const state = object(root.conversationState, 'conversationState');
  const current = object(object(state.currentMessage, 'currentMessage').userInputMessage, 'userInputMessage');
  const history = state.history === undefined ? [] : array(state.history, 'history');

  const modelId = current.modelId === undefined ? DEFAULT_MODEL_ID : current.modelId;
  if (typeof modelId !== 'string') reject('modelId is not a string');
  const model = findModel(modelId);
  if (!model) throw new Rejected(INVALID_MODEL, `unknown model ${modelId}`);

  const currentContext = optionalObject(current.userInputMessageContext, 'userInputMessageContext');
  const toolNames = readTools(currentContext.tools);

  let previousToolUses = new Map<string, string>();
  history.forEach((entry, index) => {
    const turn = object(entry, `history[${index}]`);
    const keys = Object.keys(turn);
    if (keys.length !== 1) reject(`history[${index}] must hold exactly one message`);
    const expectUser = index % 2 === 0;
    if (expectUser) {
      if (keys[0] !== 'userInputMessage') reject(`history[${index}] must be a userInputMessage`);
      readUserTurn(object(turn.userInputMessage, `history[${index}]`), previousToolUses, toolNames);
    } else {
      if (keys[0] !== 'assistantResponseMessage')
        reject(`history[${index}] must be an assistantResponseMessage`);
      previousToolUses = readAssistantTurn(object(turn.assistantResponseMessage, `history[${index}]`));
    }
  });
  if (history.length % 2 !== 0) reject('history must end with an assistant message');

  const toolResults = readUserTurn(current, previousToolUses, toolNames);
  return { model, currentText: current.content as string, toolResults, toolNames };
}

function readUserTurn(
  message: Json,
  previousToolUses: Map<string, string>,
  toolNames: string[],
): ToolResultView[] {
  if (typeof message.content !== 'string') reject('user content is not a string');
  const context = optionalObject(message.userInputMessageContext, 'userInputMessageContext');
  const results = context.toolResults === undefined ? [] : array(context.toolResults, 'toolResults');
  const images = message.images === undefined ? [] : array(message.images, 'images');
  if (message.content.trim() === '' && results.length === 0 && images.length === 0) {
    reject('empty user content with nothing else');
  }
  if (results.length > 0 && toolNames.length === 0) reject('toolResults without tools declared');
  const seen = new Set<string>();
  return results.map((entry, index) => {
    const result = object(entry, `toolResults[${index}]`);
    const toolUseId = result.toolUseId;
    if (typeof toolUseId !== 'string' || toolUseId === '') reject('toolResult without toolUseId');
    if (seen.has(toolUseId)) reject(`duplicate toolUseId ${toolUseId} in toolResults`);
    seen.add(toolUseId);
    const name = previousToolUses.get(toolUseId);
    if (name === undefined) reject(`toolResult ${toolUseId} has no toolUse in the previous assistant turn`);
    return { toolUseId, name, text: resultText(result.content) };
  });
}

function readAssistantTurn(message: Json): Map<string, string> {
  if (typeof message.content !== 'string') reject('assistant content is not a string');
  const uses = message.toolUses === undefined ? [] : array(message.toolUses, 'toolUses');
  if (message.content.trim() === '' && uses.length === 0) reject('empty assistant content with nothing else');
  const ids = new Map<string, string>();
  uses.forEach((entry, index) => {
    const use = object(entry, `toolUses[${index}]`);
    if (typeof use.toolUseId !== 'string' || typeof use.name !== 'string') {
      reject('toolUse without toolUseId or name');
    }
    object(use.input, `toolUses[${index}].input`);
    ids.set(use.toolUseId, use.name);
  });
  return ids;
}

function readTools(tools: unknown): string[] {
  if (tools === undefined) return [];
  return array(tools, 'tools').map((entry, index) => {
    const spec = object(object(entry, `tools[${index}]`).toolSpecification, 'toolSpecification');
    if (typeof spec.name !== 'string' || spec.name === '') reject('tool without a name');
    if (spec.name.length > MAX_TOOL_NAME_LENGTH) reject(`tool name longer than ${MAX_TOOL_NAME_LENGTH}`);
    if (typeof spec.description !== 'string' || spec.description.trim() === '') {
      reject(`tool ${spec.name} has an empty description`);
    }
    object(object(spec.inputSchema, 'inputSchema').json, 'inputSchema.json');
    return spec.name;
  });
}

function resultText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content
    .map((item: unknown) => {
      if (typeof item !== 'object' || item === null) return '';
      const part = item as Json;
      if (typeof part.text === 'string') return part.text;
      return part.json === undefined ? '' : JSON.stringify(part.json);
    })
    .join('');
}

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) reject(`${what} is not an object`);
  return value as Json;
}

function optionalObject(value: unknown, what: string): Json {
  return value === undefined ? {} : object(value, what);
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) reject(`${what} is not an array`);
  return value;
}

function reject(why: string): never {
  throw new Rejected(IMPROPERLY_FORMED, why);
}
