import { z } from 'zod';
import {
  limitPatch,
  oneOf,
  optionalFlag,
  optionalRowId,
  optionalText,
  paging,
  requiredFlag,
  requiredText,
  rowId,
  sortOrder,
  tokenStatus,
  visibility,
  wholeNumber,
} from './fields.ts';
import type * as V from './views.ts';

/** The answer of an endpoint: its status and (as a type only) its body. */
export interface Answer<T> {
  status: number;
  /** Never set; carries the body's type. */
  body?: T;
}

function answer<T>(status = 200): Answer<T> {
  return { status };
}

interface EndpointSpec {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body is multipart: browsers send FormData. */
  multipart?: true;
  response: Answer<unknown>;
}

const id = (what: string) => z.object({ id: rowId(what) });
const userIdBody = z.object({ user_id: rowId('user') });
const tokenIdBody = z.object({ token_id: rowId('token') });
const ipBody = z.object({ ip: requiredText(64) });
const enabledBody = z.object({ enabled: requiredFlag });
const pageQuery = z.object(paging);
/** Multipart (browsers send FormData): `file`, `json_text` or `tokens_text` (see `parseImportRequest`). */
const importForm = z.object({ visibility, anonymous: optionalFlag }).loose();

/**
 * Every JSON endpoint of user-service, keyed `"METHOD /path"` (`:name` is a path parameter): the
 * request schemas the routes parse with, and the response type the routes must return and the
 * browser scripts read. Adding, renaming or reshaping anything here breaks the build wherever it
 * is used: routes (`http/route.ts`), scripts (`web/assets/*.js`), the browser-test double.
 */
export const endpoints = {
  // Answered by the gateway in front of user-service; the home page reads it.
  'GET /health': { response: answer<V.HealthView>() },

  'GET /api/site-mode': { response: answer<V.SiteModeView>() },
  'GET /api/public-tokens': { response: answer<V.PublicPoolView>() },
  'GET /api/announcement': { response: answer<{ announcement: V.AnnouncementView | null }>() },
  /** Pool health, models, the last day's traffic and the site mode, for anyone (also in maintenance). */
  'GET /api/status': { response: answer<V.PublicStatusView>() },
  /** Bulk import with an import key (`ik-…`); multipart, `json_text` or `tokens_text`. */
  'POST /api/tokens/import': { body: importForm, multipart: true, response: answer<V.ImportResultView>() },

  'GET /user/api/profile': { response: answer<V.ProfileView>() },
  'POST /user/api/sessions/revoke-all': { response: answer<V.Success>() },
  'GET /user/api/announcement': { response: answer<{ announcement: V.UserAnnouncementView | null }>() },
  'POST /user/api/announcement/read': {
    body: z.object({ announcement_id: wholeNumber(0, 1, 2 ** 31 - 1) }),
    response: answer<V.Success>(),
  },
  'POST /user/api/announcement/dismiss': {
    body: z.object({ announcement_id: wholeNumber(0, 1, 2 ** 31 - 1) }),
    response: answer<V.Success>(),
  },
  'GET /user/api/keys': { query: pageQuery, response: answer<V.PageOf<'keys', V.KeyView>>() },
  'POST /user/api/keys': {
    body: z.object({ name: optionalText(64) }),
    response: answer<V.KeyCreated>(201),
  },
  'PUT /user/api/keys/:id': {
    params: id('key'),
    body: z.object({ is_active: requiredFlag }),
    response: answer<V.Success & { key: V.KeyView }>(),
  },
  'DELETE /user/api/keys/:id': { params: id('key'), response: answer<V.Success>() },
  'GET /user/api/limits': { response: answer<V.LimitsView>() },
  'PUT /user/api/keys/:id/limits': {
    params: id('key'),
    body: limitPatch,
    response: answer<V.KeyLimitsSaved>(),
  },
  'GET /user/api/tokens': {
    query: z.object({ ...paging, visibility, status: tokenStatus }),
    response: answer<V.PageOf<'tokens', V.TokenView>>(),
  },
  'POST /user/api/tokens': {
    body: z.object({
      refresh_token: requiredText(8_192),
      auth_type: oneOf(['social', 'idc']),
      client_id: optionalText(4_096),
      client_secret: optionalText(8_192),
      visibility,
      anonymous: optionalFlag,
    }),
    response: answer<V.Success & { message: string; token: V.TokenView }>(201),
  },
  'POST /user/api/tokens/import': {
    body: importForm,
    multipart: true,
    response: answer<V.ImportResultView>(),
  },
  'PUT /user/api/tokens/:id': {
    params: id('token'),
    body: z.object({ visibility }),
    response: answer<V.Success & { token: V.TokenView }>(),
  },
  'DELETE /user/api/tokens/:id': { params: id('token'), response: answer<V.Success>() },
  'GET /user/api/public-tokens': { response: answer<V.DetailedPublicPoolView>() },
  'GET /user/api/usage': {
    query: z.object({ days: wholeNumber(14, 1, 90) }),
    response: answer<{ days: V.DayBucket[] }>(),
  },

  'POST /admin/login': {
    body: z.object({ password: optionalText(1_024) }),
    response: answer<V.Success & { csrf_token: string }>(),
  },
  'POST /admin/logout': { response: answer<V.Success>() },
  'GET /admin/api/session': { response: answer<{ authenticated: boolean; csrf_token: string }>() },
  'GET /admin/api/stats': { response: answer<V.StatsView>() },
  'GET /admin/api/users': {
    query: z.object({
      ...paging,
      search: optionalText(100),
      is_banned: optionalFlag,
      sort_field: oneOf(['created_at', 'last_login', 'username']),
      sort_order: sortOrder,
    }),
    response: answer<V.PageOf<'users', V.AdminUserView>>(),
  },
  'GET /admin/api/users/:id': {
    params: id('user'),
    response: answer<{ user: V.UserView; keys: V.KeyView[]; tokens: V.TokenView[] }>(),
  },
  'POST /admin/api/users/ban': { body: userIdBody, response: answer<V.Success>() },
  'POST /admin/api/users/unban': { body: userIdBody, response: answer<V.Success>() },
  'GET /admin/api/users/:id/limits': { params: id('user'), response: answer<V.LimitsView>() },
  'PUT /admin/api/users/:id/limits': {
    params: id('user'),
    body: limitPatch,
    response: answer<V.LimitsView>(),
  },
  'GET /admin/api/donated-tokens': {
    query: z.object({
      ...paging,
      user_id: optionalRowId('user'),
      visibility,
      status: tokenStatus,
    }),
    response: answer<V.PageOf<'tokens', V.AdminTokenView>>(),
  },
  'POST /admin/api/donated-tokens/visibility': {
    body: z.object({
      token_id: rowId('token'),
      visibility: visibility.pipe(z.enum(['public', 'private'], { error: 'is required' })),
    }),
    response: answer<V.Success & { token: V.TokenView }>(),
  },
  'POST /admin/api/donated-tokens/delete': { body: tokenIdBody, response: answer<V.Success>() },
  'POST /admin/api/donated-tokens/check': {
    body: tokenIdBody,
    response: answer<V.Success & { result: V.CheckResultView }>(),
  },
  'GET /admin/api/import-keys': {
    query: z.object({ ...paging, user_id: rowId('user') }),
    response: answer<V.PageOf<'keys', V.ImportKeyView>>(),
  },
  'POST /admin/api/import-keys': {
    body: z.object({ user_id: rowId('user'), name: optionalText(64) }),
    response: answer<V.Success & { id: string; key: string; key_prefix: string }>(201),
  },
  'POST /admin/api/import-keys/delete': {
    body: z.object({ key_id: rowId('key') }),
    response: answer<V.Success>(),
  },
  'GET /admin/api/ip-stats': {
    query: z.object({
      ...paging,
      hours: wholeNumber(24, 1, 24 * 90),
      search: optionalText(64),
      sort_field: oneOf(['requests', 'last_seen']),
      sort_order: sortOrder,
    }),
    response: answer<V.PageOf<'ips', V.IpStatView>>(),
  },
  'GET /admin/api/blacklist': { query: pageQuery, response: answer<V.PageOf<'ips', V.BlacklistEntryView>>() },
  'POST /admin/api/ban-ip': {
    body: ipBody.extend({ reason: optionalText(500) }),
    response: answer<V.Success>(),
  },
  'POST /admin/api/unban-ip': { body: ipBody, response: answer<V.Success>() },
  'POST /admin/api/toggle-site': {
    body: enabledBody,
    response: answer<V.Success & { site_enabled: boolean }>(),
  },
  'POST /admin/api/toggle-self-use': {
    body: enabledBody,
    response: answer<V.Success & { self_use_enabled: boolean }>(),
  },
  'GET /admin/api/proxy-key': { response: answer<V.ProxyKeyView>() },
  'POST /admin/api/proxy-key': {
    body: z.object({ proxy_api_key: optionalText(256) }),
    response: answer<V.ProxyKeyRotated>(),
  },
  'POST /admin/api/clear-cache': { response: answer<V.Success>() },
  'GET /admin/api/announcement': { response: answer<{ announcement: V.AnnouncementView | null }>() },
  'POST /admin/api/announcement': {
    body: z.object({
      content: requiredText(20_000),
      is_active: optionalFlag,
      allow_guest: optionalFlag,
    }),
    response: answer<V.Success & { announcement: V.AnnouncementView }>(),
  },
  /** Downloads every table as stored (`content-disposition: attachment`). */
  'GET /admin/api/backup': { response: answer<V.BackupView>() },
  /**
   * Restores a backup, adding what is missing and keeping what is here. The document is checked by the
   * route with `backupDocumentSchema` (server-only: it needs node:net and the database enums), errors
   * naming the field as `Invalid backup: <field>: <problem>`.
   */
  'POST /admin/api/backup': { body: z.unknown(), response: answer<V.BackupRestoredView>() },
  'GET /admin/api/audit-log': {
    query: pageQuery,
    response: answer<V.PageOf<'entries', V.AuditEntryView>>(),
  },
} satisfies Record<string, EndpointSpec>;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

export type ResponseOf<E extends EndpointName> = Endpoints[E]['response'] extends Answer<infer T> ? T : never;

type Schema<E extends EndpointName, K extends 'params' | 'query' | 'body'> = Endpoints[E] extends {
  [P in K]: infer S extends z.ZodType;
}
  ? S
  : undefined;

type Sent<E extends EndpointName, K extends 'params' | 'query' | 'body'> =
  Schema<E, K> extends z.ZodType ? z.input<Schema<E, K>> : undefined;
type Parsed<E extends EndpointName, K extends 'params' | 'query' | 'body'> =
  Schema<E, K> extends z.ZodType ? z.output<Schema<E, K>> : undefined;

/** What a browser sends: path parameters and body when the endpoint has them, the query optional. */
export type CallOf<E extends EndpointName> = (Sent<E, 'params'> extends undefined
  ? { params?: undefined }
  : { params: Sent<E, 'params'> }) &
  (Endpoints[E] extends { multipart: true }
    ? { body: FormData }
    : Sent<E, 'body'> extends undefined
      ? { body?: undefined }
      : { body: Sent<E, 'body'> }) & {
    query?: Sent<E, 'query'>;
  };

/** What a route handler gets: every part parsed. */
export interface InputOf<E extends EndpointName> {
  params: Parsed<E, 'params'>;
  query: Parsed<E, 'query'>;
  body: Parsed<E, 'body'>;
}
