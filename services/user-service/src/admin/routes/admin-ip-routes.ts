import { AppError } from '@kirogate/errors';
import { Router } from 'express';
import { renderBlacklistEntry, renderIpStat, renderPagination } from '../../contract/render.ts';
import { route } from '../../http/route.ts';
import type { AdminRouteDeps } from '../admin-route-deps.ts';

/** Requests per client IP and the IP blacklist. */
export function adminIpRoutes(deps: Pick<AdminRouteDeps, 'usage' | 'site' | 'audit'>): Router {
  const router = Router();
  route(router, 'GET /admin/api/ip-stats', async ({ query }) => {
    const page = { page: query.page, pageSize: query.page_size, offset: (query.page - 1) * query.page_size };
    const { rows, total } = await deps.usage.ipStats({
      ...page,
      hours: query.hours,
      search: query.search,
      sortField: query.sort_field ?? 'requests',
      sortOrder: query.sort_order ?? 'desc',
    });
    const banned = await deps.site.bannedAmong(rows.map((row) => row.ip));
    return {
      ips: rows.map((row) => renderIpStat(row, banned.has(row.ip))),
      pagination: renderPagination(page, total),
    };
  });
  route(router, 'GET /admin/api/blacklist', async ({ query }) => {
    const page = { page: query.page, pageSize: query.page_size, offset: (query.page - 1) * query.page_size };
    const { rows, total } = await deps.site.blacklist(page);
    return { ips: rows.map(renderBlacklistEntry), pagination: renderPagination(page, total) };
  });
  route(router, 'POST /admin/api/ban-ip', async ({ body }) => {
    const reason = body.reason ?? '';
    await deps.site.banIp(body.ip, reason);
    await deps.audit.record('ip_ban', body.ip, { reason });
    return { success: true };
  });
  route(router, 'POST /admin/api/unban-ip', async ({ body }) => {
    if (!(await deps.site.unbanIp(body.ip))) throw new AppError('NOT_FOUND', 'That IP is not blacklisted');
    await deps.audit.record('ip_unban', body.ip);
    return { success: true };
  });
  return router;
}
