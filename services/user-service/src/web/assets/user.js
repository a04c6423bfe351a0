// @ts-check
import {
  $,
  api,
  busy,
  button,
  drawChart,
  el,
  errorMessage,
  fillLimits,
  fillTable,
  formatCredits,
  formatDate,
  formatNumber,
  formatPercent,
  formResult,
  handleAuthError,
  input,
  limitNames,
  limitsFromForm,
  loadSession,
  showAnnouncement,
  showPageError,
  statusBadge,
  t,
  timeAxis,
} from './app.js';
import { ids } from './dom-ids.js';

/** @typedef {import('../../contract/views.ts').LimitsView} LimitsView */

const keysTable = $(ids.keysTable, HTMLTableElement);
const tokensTable = $(ids.tokensTable, HTMLTableElement);
const donateForm = $(ids.donateForm, HTMLFormElement);
const selfUse = !donateForm.querySelector('option[value="public"]');

async function loadKeys() {
  const data = await api('GET /user/api/keys', { query: { page_size: 200 } });
  fillTable(keysTable, data.keys, (key) => [
    key.name || el('span', { className: 'muted' }, '–'),
    el('code', {}, key.key_prefix),
    el(
      'span',
      { className: `badge ${key.is_active ? 'ok' : 'neutral'}` },
      t(key.is_active ? 'common.enabled' : 'common.disabled'),
    ),
    formatNumber(key.request_count),
    formatDate(key.last_used),
    formatDate(key.created_at),
    el(
      'td',
      { className: 'row-actions' },
      button(
        t(key.is_active ? 'common.disable' : 'common.enable'),
        busy(async () => {
          await api('PUT /user/api/keys/:id', {
            params: { id: key.id },
            body: { is_active: !key.is_active },
          });
          await loadKeys();
        }),
      ),
      button(
        t('common.delete'),
        busy(async () => {
          if (!window.confirm(t('common.confirmDelete'))) return;
          await api('DELETE /user/api/keys/:id', { params: { id: key.id } });
          await loadKeys();
        }),
        'danger',
      ),
    ),
  ]);
}

const keyLimitsForm = $(ids.keyLimitsForm, HTMLFormElement);
const keySelect = input(keyLimitsForm, 'key_id', HTMLSelectElement);
/** @type {LimitsView | undefined} */
let limitsView;

async function loadLimits() {
  const view = await api('GET /user/api/limits');
  limitsView = view;
  fillLimits($(ids.limitsTable, HTMLTableElement), view.limits);
  const select = keySelect;
  const chosen = select.value;
  select.replaceChildren(
    ...view.keys.map((key) => el('option', { value: key.id }, `${key.name || '–'} (${key.key_prefix})`)),
  );
  if (view.keys.some((key) => key.id === chosen)) select.value = chosen;
  keyLimitsForm.hidden = view.keys.length === 0;
  showKeyLimits();
}

/** The chosen key's own limits: in the form (empty where it has none) and in the table with usage. */
function showKeyLimits() {
  const view = limitsView;
  const key = view?.keys.find((each) => each.id === keySelect.value);
  const table = $(ids.keyLimitsTable, HTMLTableElement);
  table.hidden = !key;
  if (!view || !key) return;
  fillLimits(table, key.limits);
  for (const name of limitNames) {
    const limit = key.limits[name].limit;
    input(keyLimitsForm, name).value = limit > 0 ? String(limit) : '';
    input(keyLimitsForm, name).placeholder = String(view.limits[name].limit || '');
  }
}

keySelect.addEventListener('change', showKeyLimits);
keyLimitsForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const submit = /** @type {HTMLButtonElement} */ (keyLimitsForm.querySelector('button[type="submit"]'));
  submit.disabled = true;
  try {
    await api('PUT /user/api/keys/:id/limits', {
      params: { id: keySelect.value },
      body: limitsFromForm(keyLimitsForm),
    });
    await loadLimits();
    formResult(keyLimitsForm, t('limits.saved'), true);
  } catch (error) {
    if (!handleAuthError(error, '/login'))
      formResult(keyLimitsForm, t('common.error', { message: errorMessage(error) }), false);
  } finally {
    submit.disabled = false;
  }
});

async function loadTokens() {
  const data = await api('GET /user/api/tokens', { query: { page_size: 200 } });
  fillTable(tokensTable, data.tokens, (token) => [
    el('code', { title: token.id }, token.id.slice(0, 8)),
    token.auth_type === 'idc' ? 'IdC' : 'Social',
    t(`visibility.${token.visibility}`),
    el('span', { title: token.status_reason ?? '' }, statusBadge(token.status)),
    formatPercent(token.success_rate),
    t('user.creditsUsedLeft', {
      used: formatCredits(token.credits_used),
      left: formatCredits(token.available_credits),
    }),
    formatDate(token.last_used),
    el(
      'td',
      { className: 'row-actions' },
      !selfUse || token.visibility === 'public'
        ? button(
            t(token.visibility === 'public' ? 'user.makePrivate' : 'user.makePublic'),
            busy(async () => {
              await api('PUT /user/api/tokens/:id', {
                params: { id: token.id },
                body: { visibility: token.visibility === 'public' ? 'private' : 'public' },
              });
              await loadTokens();
            }),
          )
        : null,
      button(
        t('common.delete'),
        busy(async () => {
          if (!window.confirm(t('common.confirmDelete'))) return;
          await api('DELETE /user/api/tokens/:id', { params: { id: token.id } });
          await loadTokens();
        }),
        'danger',
      ),
    ),
  ]);
}

async function loadUsage() {
  const data = await api('GET /user/api/usage', { query: { days: 30 } });
  const axis = timeAxis(data.days, 'day', 30);
  const labels = axis.map((slot) => slot.label);
  const days = axis.map((slot) => ({
    requests: 0,
    errors: 0,
    input_tokens: 0,
    output_tokens: 0,
    credits: 0,
    ...slot.bucket,
  }));
  drawChart(
    $(ids.chartRequests, HTMLCanvasElement),
    labels,
    [
      { label: t('chart.requests'), data: days.map((d) => d.requests) },
      { label: t('chart.errors'), data: days.map((d) => d.errors) },
    ],
    { integer: true },
  );
  drawChart(
    $(ids.chartTokens, HTMLCanvasElement),
    labels,
    [
      { label: t('chart.inputTokens'), data: days.map((d) => d.input_tokens) },
      { label: t('chart.outputTokens'), data: days.map((d) => d.output_tokens) },
    ],
    { type: 'bar', stacked: true, integer: true },
  );
  drawChart($(ids.chartCredits, HTMLCanvasElement), labels, [
    { label: t('chart.credits'), data: days.map((d) => d.credits) },
  ]);
}

const createKeyForm = $(ids.createKeyForm, HTMLFormElement);
createKeyForm.addEventListener(
  'submit',
  busy(async (event) => {
    event.preventDefault();
    const created = await api('POST /user/api/keys', {
      body: { name: input(createKeyForm, 'name').value.trim() },
    });
    $(ids.newKeyValue, HTMLElement).textContent = created.key;
    $(ids.newKeyPool, HTMLElement).hidden = !created.uses_public_pool;
    $(ids.newKey, HTMLElement).hidden = false;
    createKeyForm.reset();
    await loadKeys();
  }),
);

const authType = $(ids.authType, HTMLSelectElement);
authType.addEventListener('change', () => {
  $(ids.idcFields, HTMLElement).hidden = authType.value !== 'idc';
});

/**
 * @param {HTMLFormElement} form
 * @param {(form: HTMLFormElement) => Promise<string>} action
 */
function submitWithResult(form, action) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
    submit.disabled = true;
    formResult(form, t('common.loading'), true);
    try {
      formResult(form, await action(form), true);
      await loadTokens();
    } catch (error) {
      if (!handleAuthError(error, '/login'))
        formResult(form, t('common.error', { message: errorMessage(error) }), false);
    } finally {
      submit.disabled = false;
    }
  });
}

/** The "anonymous" box, which self-use mode leaves out. */
const anonymous = (/** @type {HTMLFormElement} */ form) =>
  form.elements.namedItem('anonymous') instanceof HTMLInputElement && input(form, 'anonymous').checked;

submitWithResult(donateForm, async (form) => {
  const idc = input(form, 'auth_type', HTMLSelectElement).value === 'idc';
  const result = await api('POST /user/api/tokens', {
    body: {
      refresh_token: input(form, 'refresh_token', HTMLTextAreaElement).value.trim(),
      auth_type: idc ? 'idc' : 'social',
      visibility: input(form, 'visibility', HTMLSelectElement).value,
      anonymous: anonymous(form),
      ...(idc && {
        client_id: input(form, 'client_id').value.trim(),
        client_secret: input(form, 'client_secret').value.trim(),
      }),
    },
  });
  form.reset();
  $(ids.idcFields, HTMLElement).hidden = true;
  return result.message || t('common.done');
});

submitWithResult($(ids.importForm, HTMLFormElement), async (form) => {
  const data = new FormData();
  const file = input(form, 'file').files?.[0];
  const text = input(form, 'tokens_text', HTMLTextAreaElement).value.trim();
  if (file) data.append('file', file);
  else if (/^[[{"]/.test(text)) data.append('json_text', text);
  else data.append('tokens_text', text);
  data.append('visibility', input(form, 'visibility', HTMLSelectElement).value);
  data.append('anonymous', String(anonymous(form)));
  const result = await api('POST /user/api/tokens/import', { body: data });
  form.reset();
  const summary = t('user.importResult', { ...result });
  return result.errors?.length ? `${summary} ${result.errors.join('; ')}` : summary;
});

async function start() {
  try {
    await loadSession('GET /user/api/profile');
    await Promise.all([
      loadKeys(),
      loadLimits(),
      loadTokens(),
      loadUsage(),
      api('GET /user/api/announcement').then((data) =>
        showAnnouncement(document.getElementById(ids.announcement), data.announcement, (id) =>
          api('POST /user/api/announcement/dismiss', { body: { announcement_id: id } }),
        ),
      ),
    ]);
  } catch (error) {
    if (!handleAuthError(error, '/login')) showPageError(error);
  }
}

start();
