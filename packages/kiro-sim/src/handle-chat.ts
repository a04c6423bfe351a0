import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyStreamFaults, EVENTS_BEFORE_FAULT } from './apply-stream-faults.ts';
import { cutLargeToolInputs } from './cut-large-tool-inputs.ts';
import { encodeSimEvent } from './encode-sim-event.ts';
import { type Fault, faultNumber, formatFault, parseFaultList } from './fault.ts';
import { bearerToken, parseJson, readBody, sendJson, sendKiroError } from './http-io.ts';
import {
  ACCOUNT_SUSPENDED,
  BEARER_TOKEN_INVALID,
  IMPROPERLY_FORMED,
  INPUT_TOO_LONG,
  INTERNAL_SERVER_ERROR,
  type KiroErrorResponse,
  MONTHLY_QUOTA_REACHED,
  SERVICE_UNAVAILABLE,
  throttled,
} from './kiro-error-body.ts';
import { type Directives, parseDirectives } from './parse-directives.ts';
import { planResponse } from './plan-response.ts';
import { planWriteFile } from './plan-write-file.ts';
import type { SimContext } from './sim-context.ts';
import { validateChatRequest } from './validate-chat-request.ts';
import { writeEventStream } from './write-event-stream.ts';

export const FAULT_HEADER = 'x-kiro-sim-fault';

/** `POST /generateAssistantResponse`: auth, faults, Kiro's validation, then the scripted event stream. */
export async function handleChat(
  context: SimContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { stats, tokens, options } = context;
  stats.request('POST /generateAssistantResponse');
  const raw = await readBody(request);
  const body = parseJson(raw);
  const record = stats.recordChat({
    at: new Date().toISOString(),
    headers: redactedHeaders(request.headers),
    body: body ?? raw.toString('utf8'),
    status: 0,
    faults: [],
  });
  const answer = (error: KiroErrorResponse) => {
    record.status = error.status;
    sendKiroError(response, error);
  };

  const auth = tokens.authenticate(bearerToken(request) ?? '');
  if (!auth) return answer(BEARER_TOKEN_INVALID);
  record.refreshToken = auth.refreshToken;
  stats.chat(auth.refreshToken, auth.account.rootRefreshToken);

  const directives = resolveDirectives(context, currentContent(body));
  if (directives.invalid.length > 0) record.invalidDirectives = directives.invalid;
  let faults: Fault[];
  try {
    faults = chooseFaults(context, request.headers[FAULT_HEADER], directives);
  } catch (error) {
    record.status = 400;
    sendJson(response, 400, { message: (error as Error).message, reason: 'KIRO_SIM_UNKNOWN_FAULT' });
    return;
  }
  record.faults = faults.map(formatFault);
  for (const fault of faults) stats.fault(fault.name);

  const slow = faults.find((fault) => fault.name === 'slow-first-byte');
  const firstByteDelayMs = slow ? faultNumber(slow, 5000) : options.firstByteDelayMs;
  if (firstByteDelayMs > 0 && !(await waitUnlessClosed(response, firstByteDelayMs))) return;

  const injected = httpFaultResponse(faults);
  if (injected === 'bad-gateway') {
    record.status = 502;
    response.writeHead(502, { 'content-type': 'text/html' });
    response.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    return;
  }
  if (injected) return answer(injected);
  if (auth.account.state === 'suspended') return answer(ACCOUNT_SUSPENDED);
  if (auth.account.state === 'quota-exhausted' || auth.account.credits >= options.creditLimit) {
    return answer(MONTHLY_QUOTA_REACHED);
  }
  if (raw.length > options.maxInputBytes) return answer(INPUT_TOO_LONG);
  const validation = validateChatRequest(body, auth.account.kind ?? 'social');
  if (!validation.ok) {
    record.rejection = validation.why;
    return answer(validation.error);
  }

  record.status = 200;
  if (faults.some((fault) => fault.name === 'empty-body')) {
    response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'content-length': 0 });
    response.end();
    return;
  }
  const seed = `${validation.request.model.modelId}\n${validation.request.currentText}\n${validation.request.toolResults.map((result) => result.toolUseId).join(',')}`;
  const agentTurn = planWriteFile(body);
  const plan = planResponse({
    request: validation.request,
    directives,
    thinking: raw.includes('<thinking_mode>'),
    requestBytes: raw.length,
    seed,
    ...(agentTurn && { agentTurn }),
  });
  auth.account.credits += plan.credits;
  const faulted = applyStreamFaults(plan.events, faults, directives.calls, seed);
  const events =
    options.toolInputLimitBytes === undefined
      ? faulted
      : cutLargeToolInputs(faulted, options.toolInputLimitBytes);
  const frames = corruptFrames(events.map(encodeSimEvent), faults);
  const slowEvent = faults.find((fault) => fault.name === 'slow-first-event');
  await writeEventStream(
    request,
    response,
    {
      frames,
      firstEventDelayMs: slowEvent ? faultNumber(slowEvent, 5000) : 0,
      eventDelayMs: directives.delayMs ?? options.eventDelayMs,
      framesPerWrite: options.framesPerWrite,
      splitWrites: options.splitWrites,
      ...(faults.some((fault) => fault.name === 'socket-reset') && { resetAt: EVENTS_BEFORE_FAULT }),
      ...(faults.some((fault) => fault.name === 'stall') && { stallAt: EVENTS_BEFORE_FAULT }),
    },
    stats,
  );
}

/** Header first, then directives in the message, then the control queue and scenario. */
function chooseFaults(
  context: SimContext,
  header: string | string[] | undefined,
  directives: Directives,
): Fault[] {
  const headerText = Array.isArray(header) ? header.join(',') : header;
  if (headerText !== undefined && headerText.trim() !== '') return parseFaultList(headerText);
  if (directives.faults.length > 0) return directives.faults;
  return context.chatFaults.next();
}

function resolveDirectives(context: SimContext, content: string): Directives {
  const own = parseDirectives(content);
  const fallback = context.scenario.directives;
  const hasOwn =
    own.calls.length > 0 ||
    own.faults.length > 0 ||
    own.textDeltas !== undefined ||
    own.reply !== undefined ||
    own.delayMs !== undefined ||
    own.fragments !== undefined ||
    own.writeFile !== undefined;
  if (hasOwn || fallback === undefined) return own;
  return { ...parseDirectives(fallback), rest: own.rest };
}

function httpFaultResponse(faults: Fault[]): KiroErrorResponse | 'bad-gateway' | undefined {
  for (const fault of faults) {
    switch (fault.name) {
      case 'throttled':
        return throttled(fault.arg === undefined ? undefined : faultNumber(fault, 1));
      case 'stale-token':
        return BEARER_TOKEN_INVALID;
      case 'quota-exhausted':
        return MONTHLY_QUOTA_REACHED;
      case 'suspended':
        return ACCOUNT_SUSPENDED;
      case 'internal-error':
        return INTERNAL_SERVER_ERROR;
      case 'bad-gateway':
        return 'bad-gateway';
      case 'service-unavailable':
        return SERVICE_UNAVAILABLE;
      case 'improperly-formed':
        return IMPROPERLY_FORMED;
      case 'content-too-long':
        return INPUT_TOO_LONG;
    }
  }
  return undefined;
}

/** Byte-level faults: a frame whose message CRC is wrong, or a stream ending inside a frame. */
function corruptFrames(frames: Uint8Array[], faults: Fault[]): Uint8Array[] {
  const at = Math.min(EVENTS_BEFORE_FAULT, frames.length - 1);
  if (at < 0) return frames;
  let result = frames;
  if (faults.some((fault) => fault.name === 'bad-crc')) {
    const corrupt = result[at]!.slice();
    corrupt[corrupt.length - 1] = corrupt[corrupt.length - 1]! ^ 0xff;
    result = [...result.slice(0, at), corrupt, ...result.slice(at + 1)];
  }
  if (faults.some((fault) => fault.name === 'partial-frame')) {
    const frame = result[at]!;
    result = [...result.slice(0, at), frame.subarray(0, Math.ceil(frame.length / 2))];
  }
  return result;
}

function currentContent(body: unknown): string {
  const content = (
    body as { conversationState?: { currentMessage?: { userInputMessage?: { content?: unknown } } } }
  )?.conversationState?.currentMessage?.userInputMessage?.content;
  return typeof content === 'string' ? content : '';
}

function redactedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name] =
      name === 'authorization' ? 'Bearer [redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

/** Sleeps unless the client leaves first; true when the response can still be written. */
async function waitUnlessClosed(response: ServerResponse, ms: number): Promise<boolean> {
  const closed = new AbortController();
  const onClose = () => closed.abort();
  response.once('close', onClose);
  try {
    await sleep(ms, undefined, { signal: closed.signal });
    return true;
  } catch {
    return false;
  } finally {
    response.off('close', onClose);
  }
}
