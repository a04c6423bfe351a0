import { ApiError, api, el, formatNumber, loadSession, showPageError, t } from './app.js';
import { byId } from './ids.js';

// Keys are stored hashed: the secret comes from the user (or a key minted here) and lives only in
// this tab's sessionStorage, one entry per key id.
const STORAGE_PREFIX = 'kg-playground-key:';

const keySelect = /** @type {HTMLSelectElement} */ (byId('keySelect'));
const secretInput = /** @type {HTMLInputElement} */ (byId('secretInput'));
const secretResult = byId('secretResult');
const modelSelect = /** @type {HTMLSelectElement} */ (byId('modelSelect'));
const systemInput = /** @type {HTMLTextAreaElement} */ (byId('system'));
const messageInput = /** @type {HTMLTextAreaElement} */ (byId('message'));
const log = byId('log');
const sendButton = /** @type {HTMLButtonElement} */ (byId('send'));
const stopButton = /** @type {HTMLButtonElement} */ (byId('stop'));
const usage = byId('usage');

/** @type {Array<{ id: string, name: string, key_prefix: string }>} */
let keys = [];
/** @type {Array<{ role: 'user' | 'assistant', content: string }>} */
let conversation = [];
/** @type {AbortController | undefined} */
let running;

function storedSecret(keyId) {
  return sessionStorage.getItem(STORAGE_PREFIX + keyId) ?? undefined;
}

function currentSecret() {
  return keySelect.value ? storedSecret(keySelect.value) : undefined;
}

function result(message, ok) {
  secretResult.textContent = message;
  secretResult.className = `form-result ${ok ? 'ok' : 'error'}`;
}

/** `sk-ab12...9f3e` is all the site knows of a key: the secret must start and end like it. */
function matchesPrefix(secret, prefix) {
  const [head = '', tail = ''] = prefix.split('...');
  return head.length > 0 && secret.startsWith(head) && secret.endsWith(tail) && secret.length > prefix.length;
}

async function loadKeys(selectId) {
  const data = await api('GET', '/user/api/keys?page_size=200');
  keys = data.keys.filter((key) => key.is_active);
  byId('noKeys').hidden = keys.length > 0;
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
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data.error?.message ?? `HTTP ${response.status}`);
  const previous = modelSelect.value;
  modelSelect.replaceChildren(...data.data.map((model) => el('option', { value: model.id }, model.id)));
  const ids = data.data.map((model) => model.id);
  modelSelect.value = ids.includes(previous)
    ? previous
    : (ids.find((id) => id.includes('sonnet')) ?? ids[0] ?? '');
}

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
  running = new AbortController();
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
      signal: running.signal,
    });
    if (!response.ok || !response.body) {
      const data = await response.json().catch(() => ({}));
      throw new ApiError(response.status, data.error?.message ?? `HTTP ${response.status}`);
    }
    for await (const data of sseData(response.body, running.signal)) {
      if (data === '[DONE]') break;
      const chunk = JSON.parse(data);
      if (chunk.error) throw new ApiError(500, chunk.error.message ?? 'stream failed');
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
    if (running.signal.aborted) output.textContent = `${reply} ${t('playground.stopped')}`;
    else showPageError(error);
  } finally {
    if (reply) conversation.push({ role: 'assistant', content: reply });
    else conversation.pop();
    running = undefined;
    sendButton.disabled = false;
    stopButton.disabled = true;
  }
}

byId('keyForm').addEventListener('submit', async (event) => {
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

byId('forget').addEventListener('click', () => {
  if (keySelect.value) sessionStorage.removeItem(STORAGE_PREFIX + keySelect.value);
  keyChanged().catch(showPageError);
});

byId('newKey').addEventListener('click', async () => {
  try {
    const created = await api('POST', '/user/api/keys', { name: t('playground.newKeyName') });
    sessionStorage.setItem(STORAGE_PREFIX + created.id, created.key);
    byId('newKeyValue').textContent = created.key;
    byId('newKeyBox').hidden = false;
    await loadKeys(created.id);
  } catch (error) {
    showPageError(error);
  }
});

byId('chatForm').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = messageInput.value.trim();
  if (!text || running) return;
  messageInput.value = '';
  send(text);
});

messageInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    byId('chatForm').requestSubmit();
  }
});

stopButton.addEventListener('click', () => running?.abort());

byId('clear').addEventListener('click', () => {
  running?.abort();
  conversation = [];
  log.replaceChildren();
  usage.textContent = '';
});

loadSession('/user/api/profile')
  .then(() => loadKeys())
  .catch(showPageError);
