// @ts-check
// Shared helpers for the page scripts. Everything user-supplied reaches the DOM as text nodes.
// Types come from the contract (`../contract/*.ts`) and are checked by `tsconfig.web.json`; at run
// time nothing but this folder is loaded.

import { ids } from './dom-ids.js';

/** @typedef {import('../../contract/endpoints.ts').EndpointName} EndpointName */
/** @typedef {import('../../contract/views.ts').LimitWireName} LimitWireName */
/** @typedef {import('../../contract/views.ts').LimitsUsageView} LimitsUsageView */
/** @typedef {import('../../contract/views.ts').Pagination} Pagination */
/**
 * @template {EndpointName} E
 * @typedef {import('../../contract/endpoints.ts').ResponseOf<E>} ResponseOf
 */
/**
 * @template {EndpointName} E
 * @typedef {import('../../contract/endpoints.ts').CallOf<E>} CallOf
 */

/** An element the page must have; a missing one is a bug worth failing loudly on. */
export function byId(/** @type {string} */ id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing`);
  return node;
}

/**
 * An element of a known kind: `$(ids.usersTable, HTMLTableElement)`.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T }} kind
 * @returns {T}
 */
export function $(id, kind) {
  const node = byId(id);
  if (!(node instanceof kind)) throw new Error(`#${id} is not a ${kind.name}`);
  return node;
}

/** @type {{ locale: string, messages: Record<string, string> }} */
const i18n = JSON.parse(byId(ids.i18n).textContent ?? '{}');

export const locale = i18n.locale;

/**
 * @param {string} key
 * @param {Record<string, unknown>} [params]
 */
export function t(key, params) {
  const text = i18n.messages[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** @typedef {Node | string | number | null | undefined | false} Child */

/**
 * `el('td', { className: 'x', dataset: { id } }, 'text', node)`; strings become text nodes.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [props]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = String(value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function')
      node.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * The session's CSRF token, once `loadSession` has it; undefined on pages without a session.
 * @type {Promise<string | undefined>}
 */
let csrfToken = Promise.resolve(undefined);

/**
 * Fetches the page's session (`/user/api/profile` or `/admin/api/session`), which carries the CSRF
 * token. Mutating calls made before it arrives (a form submitted while the page loads) wait for the
 * token instead of going out without it.
 */
/**
 * @template {'GET /user/api/profile' | 'GET /admin/api/session'} E
 * @param {E} endpoint
 * @returns {Promise<ResponseOf<E>>}
 */
export function loadSession(endpoint) {
  const loading = api(endpoint);
  csrfToken = loading.then(
    (session) => /** @type {{ csrf_token: string }} */ (session).csrf_token,
    () => undefined,
  );
  return loading;
}

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {string | undefined} code
   */
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * A same-origin call of one contract endpoint (`'GET /admin/api/users'`): `:name` in the path from
 * `params`, `query` as the query string, `body` as JSON (or multipart when it is FormData). Mutating
 * calls carry the session's CSRF token. Resolves to the endpoint's response type.
 * @template {EndpointName} E
 * @param {E} endpoint
 * @param {CallOf<E>} [call]
 * @returns {Promise<ResponseOf<E>>}
 */
export async function api(endpoint, call) {
  const [method = 'GET', template = '/'] = endpoint.split(' ');
  /** @type {{ params?: Record<string, string>, query?: Record<string, unknown>, body?: unknown }} */
  const parts = /** @type {any} */ (call) ?? {};
  let path = template.replace(/:(\w+)/g, (_whole, name) => encodeURIComponent(parts.params?.[name] ?? ''));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parts.query ?? {}))
    if (value !== '' && value !== undefined && value !== null) search.set(name, String(value));
  if (search.size > 0) path += `?${search}`;
  const body = parts.body;
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (method !== 'GET') {
    const token = await csrfToken;
    if (token) headers['x-csrf-token'] = token;
  }
  /** @type {BodyInit | undefined} */
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await response.text();
  /** @type {any} */
  let data;
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    data = {};
  }
  if (!response.ok) {
    const error = data.error;
    const message =
      (typeof error === 'object' && error?.message) ||
      (typeof error === 'string' && error) ||
      data.message ||
      `HTTP ${response.status}`;
    throw new ApiError(response.status, message, typeof error === 'object' ? error?.code : undefined);
  }
  return data;
}

/**
 * Sends the browser to the login page when the session is gone.
 * @param {unknown} error
 * @param {string} loginPath
 */
export function handleAuthError(error, loginPath) {
  if (error instanceof ApiError && error.status === 401) {
    window.location.assign(loginPath);
    return true;
  }
  return false;
}

/** @param {unknown} error */
export function showPageError(error) {
  const box = document.getElementById(ids.pageError);
  const message = t('common.error', { message: errorMessage(error) });
  if (box) {
    box.textContent = message;
    box.hidden = false;
  } else {
    console.error(message);
  }
}

/** @param {unknown} error */
export function errorMessage(error) {
  return error instanceof Error ? error.message : String(error);
}

export function clearPageError() {
  const box = document.getElementById(ids.pageError);
  if (box) box.hidden = true;
}

/**
 * @param {HTMLFormElement} form
 * @param {string} message
 * @param {boolean} ok
 */
export function formResult(form, message, ok) {
  const out = form.querySelector('.form-result');
  if (!out) return;
  out.textContent = message;
  out.className = `form-result ${ok ? 'ok' : 'error'}`;
}

const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const numberFormat = new Intl.NumberFormat(locale);
const creditFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });

/** @param {string | null | undefined} value */
export function formatDate(value) {
  if (!value) return t('common.never');
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : dateFormat.format(date);
}

/** @param {number | null | undefined} value */
export function formatNumber(value) {
  return value === null || value === undefined ? '–' : numberFormat.format(value);
}

/** @param {number | null | undefined} value */
export function formatCredits(value) {
  return value === null || value === undefined ? '–' : creditFormat.format(value);
}

/** @param {number | null | undefined} value */
export function formatPercent(value) {
  return value === null || value === undefined ? '–' : `${creditFormat.format(value)}%`;
}

/** @type {Record<string, string>} */
const STATUS_TONES = {
  active: 'ok',
  invalid: 'bad',
  suspended: 'bad',
  banned: 'bad',
  expired: 'warn',
  quota_exhausted: 'warn',
};

/** @param {string} status */
export function statusBadge(status) {
  const known = i18n.messages[`status.${status}`];
  return el(
    'span',
    { className: `badge ${STATUS_TONES[status] ?? 'neutral'}`, dataset: { status } },
    known ?? status,
  );
}

/**
 * @param {string} label
 * @param {(event: Event) => unknown} onClick
 * @param {string} [className]
 */
export function button(label, onClick, className = '') {
  return el(
    'button',
    { type: 'button', className: `button small ${className}`.trim(), onclick: onClick },
    label,
  );
}

/**
 * Disables the button while the action runs, reports failures on the page.
 * @template {Event} V
 * @param {(event: V) => unknown} action
 * @returns {(event: V) => Promise<void>}
 */
export function busy(action) {
  return async (event) => {
    const target =
      event?.currentTarget instanceof HTMLButtonElement || event?.currentTarget instanceof HTMLInputElement
        ? event.currentTarget
        : undefined;
    if (target) target.disabled = true;
    try {
      clearPageError();
      await action(event);
    } catch (error) {
      if (!handleAuthError(error, document.body.dataset.page === 'admin' ? '/admin' : '/login'))
        showPageError(error);
    } finally {
      if (target?.isConnected) target.disabled = false;
    }
  };
}

/**
 * Replaces the body of `table` with one row per entry; `cells(entry)` returns the row's cells.
 * @template {{ id?: string | number, ip?: string }} T
 * @param {HTMLTableElement} table
 * @param {readonly T[]} entries
 * @param {(entry: T) => (Child | HTMLTableCellElement)[]} cells
 */
export function fillTable(table, entries, cells) {
  const tbody = table.tBodies[0];
  if (!tbody) throw new Error(`#${table.id} has no body`);
  const columns = table.tHead?.rows[0]?.cells.length ?? 1;
  if (entries.length === 0) {
    tbody.replaceChildren(
      el('tr', {}, el('td', { colspan: columns, className: 'muted' }, t('common.empty'))),
    );
    return;
  }
  // Each cell carries its column name, so narrow screens can show rows as labelled cards.
  const labels = [...(table.tHead?.rows[0]?.cells ?? [])].map((cell) => cell.textContent);
  /** @type {(cell: Child | HTMLTableCellElement, index: number) => HTMLTableCellElement} */
  const labelled = (cell, index) => {
    const td = cell instanceof HTMLTableCellElement ? cell : el('td', {}, cell);
    if (labels[index]) td.dataset.label = labels[index];
    return td;
  };
  tbody.replaceChildren(
    ...entries.map((entry) =>
      el('tr', { dataset: { id: String(entry.id ?? entry.ip ?? '') } }, ...cells(entry).map(labelled)),
    ),
  );
}

/**
 * Wires a pager to `load(page)`; returns `update(pagination)`.
 * @param {HTMLElement} container
 * @param {(page: number) => Promise<unknown>} load
 * @returns {(pagination: Pagination) => void}
 */
export function pager(container, load) {
  let page = 1;
  let pages = 1;
  const label = /** @type {HTMLElement} */ (container.querySelector('.pager-label'));
  const prev = /** @type {HTMLButtonElement} */ (container.querySelector('[data-page="prev"]'));
  const next = /** @type {HTMLButtonElement} */ (container.querySelector('[data-page="next"]'));
  prev.addEventListener(
    'click',
    busy(() => load(Math.max(1, page - 1))),
  );
  next.addEventListener(
    'click',
    busy(() => load(Math.min(pages, page + 1))),
  );
  return (pagination) => {
    page = pagination.page;
    pages = Math.max(1, Math.ceil(pagination.total / pagination.page_size));
    label.textContent = t('common.page', { page, pages });
    prev.disabled = page <= 1;
    next.disabled = page >= pages;
  };
}

/** @param {string} text */
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = el('textarea', { readonly: true }, text);
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

document.addEventListener('click', async (event) => {
  const trigger = event.target instanceof Element ? event.target.closest('[data-copy]') : null;
  if (!(trigger instanceof HTMLElement) || !trigger.dataset.copy) return;
  const source = document.querySelector(trigger.dataset.copy);
  if (!source) return;
  if (await copyText(source.textContent ?? '')) {
    trigger.textContent = t('common.copied');
    setTimeout(() => {
      trigger.textContent = t('common.copy');
    }, 1500);
  }
});

const hourFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });

/**
 * A full time axis: the last `count` hours or UTC days ending now, each with the API's bucket for it
 * or undefined (the APIs leave out empty buckets). Hour buckets are keyed by `hour` (ISO), days by
 * `date` (YYYY-MM-DD).
 * @template {{ hour: string } | { date: string }} B
 * @param {readonly B[]} buckets
 * @param {'hour' | 'day'} grain
 * @param {number} count
 * @returns {{ label: string, bucket: B | undefined }[]}
 */
export function timeAxis(buckets, grain, count) {
  /** @param {string} iso */
  const keyOf = (iso) => (grain === 'hour' ? iso.slice(0, 13) : iso.slice(0, 10));
  const byKey = new Map(
    buckets.map((b) => [keyOf('hour' in b ? new Date(b.hour).toISOString() : b.date), b]),
  );
  const step = grain === 'hour' ? 3_600_000 : 86_400_000;
  const last = Math.floor(Date.now() / step) * step;
  return Array.from({ length: count }, (_, index) => {
    const at = new Date(last - (count - 1 - index) * step);
    const iso = at.toISOString();
    return {
      label: grain === 'hour' ? hourFormat.format(at) : iso.slice(5, 10),
      bucket: byKey.get(keyOf(iso)),
    };
  });
}

/** @type {Map<HTMLCanvasElement, { destroy(): void }>} */
const charts = new Map();

const PALETTE = ['#4f46e5', '#16a34a', '#ea580c', '#0891b2', '#db2777', '#ca8a04'];

/**
 * @typedef {{ label: string, data: (number | null)[], type?: 'line' | 'bar' }} Series
 * @typedef {{ type?: 'line' | 'bar', integer?: boolean, stacked?: boolean, max?: number }} ChartOptions
 */

/**
 * A line or bar chart on `canvas` (replacing the previous one). `series` is `[{label, data, type?}]`;
 * all-empty data shows a note instead of axes.
 * @param {HTMLCanvasElement} canvas
 * @param {string[]} labels
 * @param {Series[]} series
 * @param {ChartOptions} [options]
 */
export function drawChart(canvas, labels, series, options = {}) {
  charts.get(canvas)?.destroy();
  charts.delete(canvas);
  const box = canvas.parentElement;
  if (!box) return;
  box.querySelector('.chart-empty')?.remove();
  const hasData =
    labels.length > 0 && series.some((s) => s.data.some((v) => v !== null && v !== undefined && v !== 0));
  canvas.hidden = !hasData;
  canvas.dataset.points = String(hasData ? labels.length : 0);
  if (!hasData) {
    box.append(el('p', { className: 'chart-empty' }, t('chart.noData')));
    return;
  }
  // Chart.js is a classic script (`/assets/vendor/chart.umd.js`) that sets `window.Chart`.
  const Chart =
    /** @type {{ Chart?: new (canvas: HTMLCanvasElement, config: unknown) => { destroy(): void } }} */ (
      /** @type {unknown} */ (window)
    ).Chart;
  if (typeof Chart !== 'function') return;
  const styles = getComputedStyle(document.documentElement);
  const grid = styles.getPropertyValue('--line').trim();
  const fg = styles.getPropertyValue('--muted').trim();
  const chart = new Chart(canvas, {
    type: options.type ?? 'line',
    data: {
      labels,
      datasets: series.map((s, index) => ({
        label: s.label,
        data: s.data,
        type: s.type,
        borderColor: PALETTE[index % PALETTE.length],
        backgroundColor: `${PALETTE[index % PALETTE.length]}55`,
        borderWidth: 2,
        pointRadius: labels.length > 40 ? 0 : 2,
        tension: 0.25,
        spanGaps: true,
        fill: false,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { display: series.length > 1, labels: { color: fg, boxWidth: 12 } } },
      scales: {
        x: { grid: { color: grid }, ticks: { color: fg, maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
        y: {
          grid: { color: grid },
          ticks: { color: fg, ...(options.integer && { precision: 0 }) },
          beginAtZero: true,
          ...(options.max !== undefined && { max: options.max }),
          stacked: options.stacked ?? false,
        },
      },
    },
  });
  charts.set(canvas, chart);
}

/**
 * Shows the latest announcement as text (never as markup) with an optional dismiss button.
 * @param {HTMLElement | null} container
 * @param {import('../../contract/views.ts').AnnouncementView & { is_dismissed?: boolean } | null} announcement
 * @param {(id: number) => Promise<unknown>} [onDismiss]
 */
export function showAnnouncement(container, announcement, onDismiss) {
  if (!container || !announcement || announcement.is_dismissed) return;
  /** @type {HTMLElement[]} */
  const parts = [el('p', { className: 'announcement-text' }, announcement.content)];
  if (onDismiss) {
    parts.push(
      button(
        t('user.dismiss'),
        busy(async () => {
          await onDismiss(announcement.id);
          container.hidden = true;
        }),
      ),
    );
  }
  container.replaceChildren(...parts);
  container.hidden = false;
}

/**
 * The limit names as the APIs spell them, in the order the pages show them.
 * @type {readonly LimitWireName[]}
 */
export const limitNames = [
  'requests_per_minute',
  'concurrent_requests',
  'daily_credits',
  'monthly_credits',
  'daily_tokens',
];

/**
 * One row per limit: its name, the limit (or "no limit"), usage, and when a budget resets.
 * @param {HTMLTableElement} table
 * @param {LimitsUsageView} limits
 */
export function fillLimits(table, limits) {
  /** @type {(name: string, value: number) => string} */
  const format = (name, value) => (name.endsWith('credits') ? formatCredits(value) : formatNumber(value));
  fillTable(
    table,
    limitNames.map((name) => ({ id: name, name, ...limits[name] })),
    (row) => [
      t(`limits.${row.name}`),
      row.limit > 0 ? format(row.name, row.limit) : el('span', { className: 'muted' }, t('limits.none')),
      format(row.name, row.used),
      row.resets_at ? formatDate(row.resets_at) : '–',
    ],
  );
}

/**
 * A limits form as an API body: an empty input is `null` (not set), anything else a number.
 * @param {HTMLFormElement} form
 */
export function limitsFromForm(form) {
  /** @type {Partial<Record<LimitWireName, number | null>>} */
  const body = {};
  for (const name of limitNames) {
    const value = input(form, name).value.trim();
    body[name] = value === '' ? null : Number(value);
  }
  return body;
}

/**
 * A named control of a form: `input(form, 'name')` (or `select`, `textarea` with `kind`).
 * @template {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} [T=HTMLInputElement]
 * @param {HTMLFormElement} form
 * @param {string} name
 * @param {{ new (): T }} [kind]
 * @returns {T}
 */
export function input(form, name, kind) {
  const control = form.elements.namedItem(name);
  const wanted = kind ?? HTMLInputElement;
  if (!(control instanceof wanted)) throw new Error(`${form.id} has no ${wanted.name} named ${name}`);
  return /** @type {T} */ (control);
}
