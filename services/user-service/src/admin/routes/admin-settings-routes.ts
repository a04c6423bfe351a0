import { randomBytes } from 'node:crypto';
import { AppError } from '@kirogate/errors';
import { Router } from 'express';
import { renderAuditEntry, renderPagination } from '../../contract/render.ts';
import type { ProxyKeyView } from '../../contract/views.ts';
import { route } from '../../http/route.ts';
import { displayPrefix } from '../../keys/api-key-store.ts';
import type { AdminRouteDeps } from '../admin-route-deps.ts';

/** Site switch, self-use mode, the proxy key, cache flush and the audit log. */
export function adminSettingsRoutes(
  deps: Pick<AdminRouteDeps, 'site' | 'audit' | 'revocations' | 'envProxyApiKey'>,
): Router {
  const router = Router();
  route(router, 'POST /admin/api/toggle-site', async ({ body }) => {
    await deps.site.setFlag('siteEnabled', body.enabled);
    await deps.audit.record('site_toggle', null, { enabled: body.enabled });
    return { success: true, site_enabled: body.enabled };
  });
  route(router, 'POST /admin/api/toggle-self-use', async ({ body }) => {
    await deps.site.setFlag('selfUseEnabled', body.enabled);
    await deps.audit.record('self_use_toggle', null, { enabled: body.enabled });
    return { success: true, self_use_enabled: body.enabled };
  });

  route(router, 'GET /admin/api/proxy-key', async (): Promise<ProxyKeyView> => {
    const runtime = await deps.site.proxyApiKey();
    const env = deps.envProxyApiKey;
    if (runtime) return { configured: true, source: 'admin', key_prefix: runtime.prefix };
    if (env !== undefined) return { configured: true, source: 'env', key_prefix: displayPrefix(env) };
    return { configured: false, source: 'none', key_prefix: null };
  });
  route(router, 'POST /admin/api/proxy-key', async ({ body }) => {
    const given = body.proxy_api_key;
    if (given !== undefined && (given.length < 16 || /[\s:]/.test(given))) {
      throw new AppError(
        'INVALID_REQUEST',
        'proxy_api_key needs at least 16 characters, no spaces or colons',
        {
          param: 'proxy_api_key',
        },
      );
    }
    const key = given ?? `kg-${randomBytes(24).toString('hex')}`;
    await deps.site.setProxyApiKey(key);
    await deps.audit.record('proxy_key_rotate', null, {
      key_prefix: displayPrefix(key),
      generated: given === undefined,
    });
    return { success: true, proxy_api_key: key, key_prefix: displayPrefix(key) };
  });

  route(router, 'POST /admin/api/clear-cache', async () => {
    await deps.revocations.revokeAll();
    await deps.site.publish();
    await deps.audit.record('cache_clear', null);
    return { success: true };
  });

  route(router, 'GET /admin/api/audit-log', async ({ query }) => {
    const page = { page: query.page, pageSize: query.page_size, offset: (query.page - 1) * query.page_size };
    const { rows, total } = await deps.audit.list(page);
    return { entries: rows.map(renderAuditEntry), pagination: renderPagination(page, total) };
  });
  return router;
}
