import { AppError } from '@kirogate/errors';
import { Router } from 'express';
import { backupDocumentSchema } from '../../backup/backup-document.ts';
import { exportBackup } from '../../backup/export-backup.ts';
import { importBackup } from '../../backup/import-backup.ts';
import { renderBackup, renderBackupRestored } from '../../contract/render.ts';
import { route } from '../../http/route.ts';
import type { AdminRouteDeps } from '../admin-route-deps.ts';

/**
 * `GET /admin/api/backup` downloads our own data as JSON (key hashes and sealed credentials only, never
 * a plaintext secret); `POST /admin/api/backup` restores such a file, adding what is missing and
 * keeping what is here. Behind the admin guard like every `/admin/api` route (see `adminRoutes`).
 */
export function adminBackupRoutes(
  deps: Pick<AdminRouteDeps, 'db' | 'site' | 'audit' | 'credentials'>,
): Router {
  const router = Router();
  route(router, 'GET /admin/api/backup', async (_input, _req, res) => {
    const backup = await exportBackup(deps.db);
    await deps.audit.record('backup_export', null, {
      users: backup.users.length,
      credentials: backup.credentials.length,
    });
    const day = backup.exportedAt.toISOString().slice(0, 10);
    res.setHeader('content-disposition', `attachment; filename="kirogate-backup-${day}.json"`);
    return renderBackup(backup);
  });

  route(router, 'POST /admin/api/backup', async ({ body }) => {
    const parsed = backupDocumentSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join('.') || 'body';
      throw new AppError('INVALID_REQUEST', `Invalid backup: ${field}: ${issue.message}`, { param: field });
    }
    const tables = await importBackup(deps.db, deps.credentials, parsed.data);
    // The gateways read the blacklist and site switches from this snapshot, not from Postgres.
    await deps.site.publish();
    await deps.audit.record('backup_import', null, tables);
    return renderBackupRestored(tables);
  });
  return router;
}
