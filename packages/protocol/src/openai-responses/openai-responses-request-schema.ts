import { z } from 'zod';
import { jsonObjectSchema as jsonObject } from '../shared/json-value.ts';

const inputText = z.looseObject({ type: z.literal('input_text'), text: z.string() });
const outputText = z.looseObject({ type: z.literal('output_text'), text: z.string() });
const refusal = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
const inputImage = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});

const contentPart = z.discriminatedUnion('type', [inputText, inputImage, outputText, refusal]);
const messageContent = z.union([z.string(), z.array(contentPart)], {
  error: 'expected string or array of content parts',
});

const messageItem = z.looseObject({
  type: z.literal('message'),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: messageContent,
});

const functionCallItem = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

const functionCallOutputItem = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(z.discriminatedUnion('type', [inputText, inputImage]))], {
    error: 'expected string or array of input_text/input_image parts',
  }),
});

/** Reasoning the model produced earlier; Kiro takes no reasoning back, so only its shape is checked. */
const reasoningItem = z.looseObject({
  type: z.literal('reasoning'),
  summary: z.array(z.looseObject({ type: z.string(), text: z.string() })).nullish(),
});

/** An output item of a stored response, by its id (sent instead of the item by clients that rely on `store`). */
const itemReference = z.looseObject({ type: z.literal('item_reference'), id: z.string().min(1) });

/** An item without `type` is a message (`{role, content}`, the "easy input message"). */
const inputItem = z.preprocess(
  (item) =>
    item !== null && typeof item === 'object' && !Array.isArray(item) && !('type' in item)
      ? { ...item, type: 'message' }
      : item,
  z.discriminatedUnion('type', [
    messageItem,
    functionCallItem,
    functionCallOutputItem,
    reasoningItem,
    itemReference,
  ]),
);

const functionTool = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: jsonObject.nullish(),
  strict: z.boolean().nullish(),
});

/** Any other tool type is refused by name in conversion, so the error can say which type it was. */
const tool = z.looseObject({ type: z.string() });

const toolChoice = z.union(
  [
    z.enum(['none', 'auto', 'required']),
    z.looseObject({ type: z.literal('function'), name: z.string().min(1) }),
  ],
  { error: "expected 'none', 'auto', 'required' or {type:'function', name}" },
);

const textFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string().nullish(),
    schema: jsonObject,
    description: z.string().nullish(),
    strict: z.boolean().nullish(),
  }),
]);

export const openAiResponsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(inputItem)], { error: 'expected string or array of input items' }),
  instructions: z.string().nullish(),
  previous_response_id: z.string().min(1).nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  reasoning: z
    .looseObject({
      effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(),
      summary: z.enum(['auto', 'concise', 'detailed']).nullish(),
    })
    .nullish(),
  text: z.looseObject({ format: textFormat.nullish() }).nullish(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  user: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  background: z.boolean().nullish(),
});

export type OpenAiResponsesRequest = z.infer<typeof openAiResponsesRequestSchema>;
export type OpenAiResponsesInputItem = Exclude<OpenAiResponsesRequest['input'], string>[number];
export const functionToolSchema = functionTool;
