import {
  api,
  busy,
  button,
  drawChart,
  el,
  fillLimits,
  fillTable,
  formatCredits,
  formatDate,
  formatNumber,
  formatPercent,
  formResult,
  handleAuthError,
  limitNames,
  limitsFromForm,
  loadSession,
  showAnnouncement,
  showPageError,
  statusBadge,
  t,
  timeAxis,
} from './app.js';

const keysTable = document.getElementById('keys-table');
const tokensTable = document.getElementById('tokens-table');
const selfUse = !document.querySelector('#donate-form option[value="public"]');

async function loadKeys() {
  const data = await api('GET', '/user/api/keys?page_size=200');
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
          await api('PUT', `/user/api/keys/${encodeURIComponent(key.id)}`, { is_active: !key.is_active });
          await loadKeys();
        }),
      ),
      button(
        t('common.delete'),
        busy(async () => {
          if (!window.confirm(t('common.confirmDelete'))) return;
          await api('DELETE', `/user/api/keys/${encodeURIComponent(key.id)}`);
          await loadKeys();
        }),
        'danger',
      ),
    ),
  ]);
}

const keyLimitsForm = document.getElementById('key-limits-form');
let limitsView;

async function loadLimits() {
  limitsView = await api('GET', '/user/api/limits');
  fillLimits(document.getElementById('limits-table'), limitsView.limits);
  const select = keyLimitsForm.elements.key_id;
  const chosen = select.value;
  select.replaceChildren(
    ...limitsView.keys.map((key) =>
      el('option', { value: key.id }, `${key.name || '–'} (${key.key_prefix})`),
    ),
  );
  if (limitsView.keys.some((key) => key.id === chosen)) select.value = chosen;
  keyLimitsForm.hidden = limitsView.keys.length === 0;
  showKeyLimits();
}

/** The chosen key's own limits: in the form (empty where it has none) and in the table with usage. */
function showKeyLimits() {
  const key = limitsView?.keys.find((each) => each.id === keyLimitsForm.elements.key_id.value);
  const table = document.getElementById('key-limits-table');
  table.hidden = !key;
  if (!key) return;
  fillLimits(table, key.limits);
  for (const name of limitNames) {
    const limit = key.limits[name].limit;
    keyLimitsForm.elements[name].value = limit > 0 ? String(limit) : '';
    keyLimitsForm.elements[name].placeholder = String(limitsView.limits[name].limit || '');
  }
}

keyLimitsForm.elements.key_id.addEventListener('change', showKeyLimits);
keyLimitsForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const submit = keyLimitsForm.querySelector('button[type="submit"]');
  submit.disabled = true;
  try {
    const id = keyLimitsForm.elements.key_id.value;
    await api('PUT', `/user/api/keys/${encodeURIComponent(id)}/limits`, limitsFromForm(keyLimitsForm));
    await loadLimits();
    formResult(keyLimitsForm, t('limits.saved'), true);
  } catch (error) {
    if (!handleAuthError(error, '/login'))
      formResult(keyLimitsForm, t('common.error', { message: error.message }), false);
  } finally {
    submit.disabled = false;
  }
});

async function loadTokens() {
  const data = await api('GET', '/user/api/tokens?page_size=200');
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
              await api('PUT', `/user/api/tokens/${encodeURIComponent(token.id)}`, {
                visibility: token.visibility === 'public' ? 'private' : 'public',
              });
              await loadTokens();
            }),
          )
        : null,
      button(
        t('common.delete'),
        busy(async () => {
          if (!window.confirm(t('common.confirmDelete'))) return;
          await api('DELETE', `/user/api/tokens/${encodeURIComponent(token.id)}`);
          await loadTokens();
        }),
        'danger',
      ),
    ),
  ]);
}

async function loadUsage() {
  const data = await api('GET', '/user/api/usage?days=30');
  const axis = timeAxis(data.days ?? [], 'day', 30);
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
    document.getElementById('chart-requests'),
    labels,
    [
      { label: t('chart.requests'), data: days.map((d) => d.requests) },
      { label: t('chart.errors'), data: days.map((d) => d.errors) },
    ],
    { integer: true },
  );
  drawChart(
    document.getElementById('chart-tokens'),
    labels,
    [
      { label: t('chart.inputTokens'), data: days.map((d) => d.input_tokens) },
      { label: t('chart.outputTokens'), data: days.map((d) => d.output_tokens) },
    ],
    { type: 'bar', stacked: true, integer: true },
  );
  drawChart(document.getElementById('chart-credits'), labels, [
    { label: t('chart.credits'), data: days.map((d) => d.credits) },
  ]);
}

document.getElementById('create-key-form').addEventListener(
  'submit',
  busy(async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const created = await api('POST', '/user/api/keys', { name: form.elements.name.value.trim() });
    document.getElementById('new-key-value').textContent = created.key;
    document.getElementById('new-key-pool').hidden = !created.uses_public_pool;
    document.getElementById('new-key').hidden = false;
    form.reset();
    await loadKeys();
  }),
);

const authType = document.getElementById('auth-type');
authType.addEventListener('change', () => {
  document.getElementById('idc-fields').hidden = authType.value !== 'idc';
});

function submitWithResult(form, action) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    formResult(form, t('common.loading'), true);
    try {
      formResult(form, await action(form), true);
      await loadTokens();
    } catch (error) {
      if (!handleAuthError(error, '/login'))
        formResult(form, t('common.error', { message: error.message }), false);
    } finally {
      submit.disabled = false;
    }
  });
}

submitWithResult(document.getElementById('donate-form'), async (form) => {
  const fields = form.elements;
  const body = {
    refresh_token: fields.refresh_token.value.trim(),
    auth_type: fields.auth_type.value,
    visibility: fields.visibility.value,
    anonymous: fields.anonymous?.checked ?? false,
  };
  if (body.auth_type === 'idc') {
    body.client_id = fields.client_id.value.trim();
    body.client_secret = fields.client_secret.value.trim();
  }
  const result = await api('POST', '/user/api/tokens', body);
  form.reset();
  document.getElementById('idc-fields').hidden = true;
  return result.message || t('common.done');
});

submitWithResult(document.getElementById('import-form'), async (form) => {
  const fields = form.elements;
  const data = new FormData();
  const file = fields.file.files[0];
  const text = fields.tokens_text.value.trim();
  if (file) data.append('file', file);
  else if (/^[[{"]/.test(text)) data.append('json_text', text);
  else data.append('tokens_text', text);
  data.append('visibility', fields.visibility.value);
  data.append('anonymous', String(fields.anonymous?.checked ?? false));
  const result = await api('POST', '/user/api/tokens/import', data);
  form.reset();
  const summary = t('user.importResult', result);
  return result.errors?.length ? `${summary} ${result.errors.join('; ')}` : summary;
});

async function start() {
  try {
    const profile = await loadSession('/user/api/profile');
    await Promise.all([
      loadKeys(),
      loadLimits(),
      loadTokens(),
      loadUsage(),
      api('GET', '/user/api/announcement').then((data) =>
        showAnnouncement(document.getElementById('announcement'), data.announcement, (id) =>
          api('POST', '/user/api/announcement/dismiss', { announcement_id: id }),
        ),
      ),
    ]);
  } catch (error) {
    if (!handleAuthError(error, '/login')) showPageError(error);
  }
}

start();
