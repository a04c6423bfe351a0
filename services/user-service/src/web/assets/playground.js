// @ts-check
import { $, ApiError, api, byId, el, formatNumber, loadSession, showPageError, t } from './app.js';
import { ids } from './dom-ids.js';

/** @typedef {import('../../contract/views.ts').KeyView} KeyView */
/**
 * What this script reads of the gateway's OpenAI-format answers (`/v1/models`, the chunks of a
 * streamed `/v1/chat/completions`, an error body). The gateway serves them, not user-service, so
 * they are not in the contract; the full shapes are the response schemas of `@kirogate/protocol`.
 * @typedef {{ data: Array<{ id: string }> }} ModelList
 * @typedef {{ error?: { message?: string } }} GatewayErrorBody
 * @typedef {GatewayErrorBody & {
 *   choices?: Array<{ delta?: { content?: string | null } }>,
 *   usage?: { prompt_tokens: number, completion_tokens: number } | null,
 * }} ChatChunk
 */

// Keys are stored hashed: the secret comes from the user (or a key minted here) and lives only in
// this tab's sessionStorage, one entry per key id.
const STORAGE_PREFIX = 'kg-playground-key:';

const keySelect = $(ids.playgroundKey, HTMLSelectElement);
const secretInput = $(ids.playgroundSecret, HTMLInputElement);
const secretResult = byId(ids.playgroundSecretResult);
const modelSelect = $(ids.playgroundModel, HTMLSelectElement);
const systemInput = $(ids.playgroundSystem, HTMLTextAreaElement);
const messageInput = $(ids.playgroundMessage, HTMLTextAreaElement);
const log = byId(ids.playgroundLog);
const sendButton = $(ids.playgroundSend, HTMLButtonElement);
const stopButton = $(ids.playgroundStop, HTMLButtonElement);
const usage = byId(ids.playgroundUsage);
const chatForm = $(ids.playgroundChatForm, HTMLFormElement);

/** @type {KeyView[]} */
let keys = [];
/** @type {Array<{ role: 'user' | 'assistant', content: string }>} */
let conversation = [];
/** @type {AbortController | undefined} */
let running;

/** @param {string} keyId */
function storedSecret(keyId) {
  return sessionStorage.getItem(STORAGE_PREFIX + keyId) ?? undefined;
}

function currentSecret() {
  return keySelect.value ? storedSecret(keySelect.value) : undefined;
}

/**
 * @param {string} message
 * @param {boolean} ok
 */
function result(message, ok) {
  secretResult.textContent = message;
  secretResult.className = `form-result ${ok ? 'ok' : 'error'}`;
}

/**
 * `sk-ab12...9f3e` is all the site knows of a key: the secret must start and end like it.
 * @param {string} secret
 * @param {string} prefix
 */
function matchesPrefix(secret, prefix) {
  const [head = '', tail = ''] = prefix.split('...');
  return head.length > 0 && secret.startsWith(head) && secret.endsWith(tail) && secret.length > prefix.length;
}

/** @param {string} [selectId] */
async function loadKeys(selectId) {
  const data = await api('GET /user/api/keys', { query: { page_size: 200 } });
  keys = data.keys.filter((key) => key.is_active);
  byId(ids.playgroundNoKeys).hidden = keys.length > 0;
  keySelect.replaceChildren(
    ...keys.map((key) => el('option', { value: key.id }, `${key.name || '—'} (${key.key_prefix})`)),
  );
  const preferred = selectId ?? keys.find((key) => storedSecret(key.id))?.id;
  if (preferred) keySelect.value = preferred;
  await keyChanged();
}

async function keyChanged() {
  secretInput.value = '';
  if (currentSecret()) {
    result(t('playground.secretReady'), true);
    await loadModels();
  } else {
    secretResult.textContent = '';
    modelSelect.replaceChildren();
  }
}

/** The key's own view of the models (`/v1/models` with it), so a refused key shows up at once. */
async function loadModels() {
  const secret = currentSecret();
  if (!secret) return;
  const response = await fetch('/v1/models', { headers: { authorization: `Bearer ${secret}` } });
  if (!response.ok) throw await gatewayError(response);
  /** @type {ModelList} */
  const data = await response.json();
  const previous = modelSelect.value;
  modelSelect.replaceChildren(...data.data.map((model) => el('option', { value: model.id }, model.id)));
  const names = data.data.map((model) => model.id);
  modelSelect.value = names.includes(previous)
    ? previous
    : (names.find((name) => name.includes('sonnet')) ?? names[0] ?? '');
}

/**
 * The gateway's error as an ApiError: its message when the body is OpenAI's error JSON.
 * @param {Response} response
 */
async function gatewayError(response) {
  /** @type {GatewayErrorBody} */
  const data = await response.json().catch(() => ({}));
  return new ApiError(response.status, data.error?.message ?? `HTTP ${response.status}`, undefined);
}

/**
 * @param {'user' | 'assistant'} role
 * @param {string} text
 */
function bubble(role, text) {
  const body = el('div', { className: 'bubble-text' }, text);
  const node = el(
    'div',
    { className: `bubble ${role}`, dataset: { role } },
    el('div', { className: 'bubble-role' }, t(role === 'user' ? 'playground.you' : 'playground.assistant')),
    body,
  );
  log.append(node);
  log.scrollTop = log.scrollHeight;
  return body;
}

/**
 * Server-sent events from a fetch body: events end at a blank line, `data:` lines carry the payload,
 * comments (`:` heartbeats) are skipped. Yields each event's data.
 * @param {ReadableStream<Uint8Array>} body
 * @param {AbortSignal} signal
 */
async function* sseData(body, signal) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    while (!signal.aborted) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
          .join('\n');
        if (data) yield data;
        end = buffer.indexOf('\n\n');
      }
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/** @param {string} text */
async function send(text) {
  const secret = currentSecret();
  if (!secret || !modelSelect.value) {
    showPageError(new Error(t('playground.needKey')));
    return;
  }
  conversation.push({ role: 'user', content: text });
  bubble('user', text);
  const output = bubble('assistant', '');
  const system = systemInput.value.trim();
  const controller = new AbortController();
  running = controller;
  sendButton.disabled = true;
  stopButton.disabled = false;
  usage.textContent = '';
  let reply = '';
  try {
    const response = await fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: modelSelect.value,
        messages: [...(system ? [{ role: 'system', content: system }] : []), ...conversation],
        stream: true,
        stream_options: { include_usage: true },
      }),
      signal: controller.signal,
    });
    if (!response.ok || !response.body) throw await gatewayError(response);
    for await (const data of sseData(response.body, controller.signal)) {
      if (data === '[DONE]') break;
      /** @type {ChatChunk} */
      const chunk = JSON.parse(data);
      if (chunk.error) throw new ApiError(500, chunk.error.message ?? 'stream failed', undefined);
      const delta = chunk.choices?.[0]?.delta?.content;
      if (delta) {
        reply += delta;
        output.textContent = reply;
        log.scrollTop = log.scrollHeight;
      }
      if (chunk.usage) {
        usage.textContent = t('playground.usage', {
          input: formatNumber(chunk.usage.prompt_tokens),
          output: formatNumber(chunk.usage.completion_tokens),
        });
      }
    }
  } catch (error) {
    if (controller.signal.aborted) output.textContent = `${reply} ${t('playground.stopped')}`;
    else showPageError(error);
  } finally {
    if (reply) conversation.push({ role: 'assistant', content: reply });
    else conversation.pop();
    running = undefined;
    sendButton.disabled = false;
    stopButton.disabled = true;
  }
}

byId(ids.playgroundKeyForm).addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = keys.find((candidate) => candidate.id === keySelect.value);
  const secret = secretInput.value.trim();
  if (!key) return;
  if (!matchesPrefix(secret, key.key_prefix)) {
    result(t('playground.secretMismatch', { prefix: key.key_prefix }), false);
    return;
  }
  sessionStorage.setItem(STORAGE_PREFIX + key.id, secret);
  secretInput.value = '';
  result(t('playground.secretReady'), true);
  await loadModels().catch(showPageError);
});

keySelect.addEventListener('change', () => {
  keyChanged().catch(showPageError);
});

byId(ids.playgroundForget).addEventListener('click', () => {
  if (keySelect.value) sessionStorage.removeItem(STORAGE_PREFIX + keySelect.value);
  keyChanged().catch(showPageError);
});

byId(ids.playgroundNewKey).addEventListener('click', async () => {
  try {
    const created = await api('POST /user/api/keys', { body: { name: t('playground.newKeyName') } });
    sessionStorage.setItem(STORAGE_PREFIX + created.id, created.key);
    byId(ids.playgroundNewKeyValue).textContent = created.key;
    byId(ids.playgroundNewKeyBox).hidden = false;
    await loadKeys(created.id);
  } catch (error) {
    showPageError(error);
  }
});

chatForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = messageInput.value.trim();
  if (!text || running) return;
  messageInput.value = '';
  send(text);
});

messageInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    chatForm.requestSubmit();
  }
});

stopButton.addEventListener('click', () => running?.abort());

byId(ids.playgroundClear).addEventListener('click', () => {
  running?.abort();
  conversation = [];
  log.replaceChildren();
  usage.textContent = '';
});

loadSession('GET /user/api/profile')
  .then(() => loadKeys())
  .catch(showPageError);
