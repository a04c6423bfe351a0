import type { Db } from '@kirogate/db';
import { AppError } from '@kirogate/errors';
import { type NextFunction, type Request, type Response, Router } from 'express';
import { backupDocumentSchema } from '../backup/backup-document.ts';
import { exportBackup } from '../backup/export-backup.ts';
import { importBackup } from '../backup/import-backup.ts';
import type { WebAuth } from '../sessions/web-auth.ts';
import type { SiteSettings } from '../site/site-settings.ts';
import type { AuditLog } from './audit-log.ts';

export interface BackupRouteDeps {
  db: Db;
  auth: WebAuth;
  site: SiteSettings;
  audit: AuditLog;
}

/**
 * `GET /admin/api/backup` downloads our own data as JSON (key hashes and sealed credentials only, never
 * a plaintext secret); `POST /admin/api/backup` restores such a file, adding what is missing and
 * keeping what is here.
 */
export function adminBackupRoutes(deps: BackupRouteDeps): Router {
  const router = Router();
  router.use('/admin/api/backup', requireAdminSession(deps.auth));

  router.get('/admin/api/backup', async (_req, res) => {
    const backup = await exportBackup(deps.db);
    await deps.audit.record('backup_export', null, {
      users: backup.users.length,
      credentials: backup.credentials.length,
    });
    const day = backup.exportedAt.toISOString().slice(0, 10);
    res.setHeader('content-disposition', `attachment; filename="kirogate-backup-${day}.json"`);
    res.json(backup);
  });

  router.post('/admin/api/backup', async (req, res) => {
    const parsed = backupDocumentSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join('.') || 'body';
      throw new AppError('INVALID_REQUEST', `Invalid backup: ${field}: ${issue.message}`, { param: field });
    }
    const tables = await importBackup(deps.db, parsed.data);
    // The gateways read the blacklist and site switches from this snapshot, not from Postgres.
    await deps.site.publish();
    await deps.audit.record('backup_import', null, tables);
    res.json({ success: true, tables });
  });
  return router;
}

/** The admin session (and, on POST, its CSRF token), as for every other admin API. */
function requireAdminSession(auth: WebAuth) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const session = await auth.current(req, 'admin');
    if (!session) throw new AppError('UNAUTHENTICATED', 'Admin login required');
    auth.checkCsrf(req, session);
    next();
  };
}
