import { isIP } from 'node:net';
import {
  apiKeyKinds,
  credentialAuthKinds,
  credentialSources,
  credentialStatuses,
  credentialVisibilities,
  oauthProviders,
  userStatuses,
} from '@kirogate/db';
import { z } from 'zod';

/**
 * The admin backup (`GET`/`POST /admin/api/backup`): our own rows, field names as in the schema.
 * Secrets stay as stored: key hashes, and credentials sealed with TOKEN_ENCRYPT_KEY (bound to their
 * row id, which is why ids travel with the rows). Restoring them needs the same key.
 */
export const backupFormat = 'kirogate-backup';
export const backupVersion = 1;

const timestamp = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const optionalTimestamp = timestamp.nullable();
const count = z.number().int().min(0);
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected a lowercase SHA-256 hex digest' });
const limits = z.record(z.string().max(64), z.number().min(0));
const sealed = z
  .string()
  .regex(/^kg1\.[0-9a-f]{16}\.[A-Za-z0-9_-]+$/, { error: 'expected a sealed secret (kg1.<key id>.<data>)' });

const user = z.strictObject({
  id: z.uuid(),
  username: z.string().min(1).max(200),
  avatarUrl: z.string().max(2_000).nullable(),
  trustLevel: z.number().int().min(0).max(4),
  isAdmin: z.boolean(),
  status: z.enum(userStatuses),
  bannedAt: optionalTimestamp,
  limitOverrides: limits,
  createdAt: timestamp,
  lastLoginAt: optionalTimestamp,
});

const oauthAccount = z.strictObject({
  provider: z.enum(oauthProviders),
  providerUserId: z.string().min(1).max(200),
  userId: z.uuid(),
  providerUsername: z.string().max(200).nullable(),
  createdAt: timestamp,
});

const apiKey = z.strictObject({
  id: z.uuid(),
  userId: z.uuid(),
  keyHash: sha256Hex,
  keyPrefix: z.string().min(1).max(64),
  kind: z.enum(apiKeyKinds),
  name: z.string().max(200),
  isActive: z.boolean(),
  requestCount: count,
  limits,
  lastUsedAt: optionalTimestamp,
  createdAt: timestamp,
});

const credential = z
  .strictObject({
    id: z.uuid(),
    ownerUserId: z.uuid().nullable(),
    source: z.enum(credentialSources),
    authKind: z.enum(credentialAuthKinds),
    refreshTokenEnc: sealed,
    clientIdEnc: sealed.nullable(),
    clientSecretEnc: sealed.nullable(),
    keyId: z.string().regex(/^[0-9a-f]{16}$/, { error: 'expected a 16-hex-digit key id' }),
    tokenHash: sha256Hex,
    clientExpiresAt: optionalTimestamp,
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, { error: 'expected an AWS region' }),
    profileArn: z.string().max(300).nullable(),
    visibility: z.enum(credentialVisibilities),
    anonymous: z.boolean(),
    status: z.enum(credentialStatuses),
    statusReason: z.string().max(500).nullable(),
    statusUntil: optionalTimestamp,
    successCount: count,
    failCount: count,
    creditsUsed: z.number().min(0),
    creditsLimit: z.number().nullable(),
    creditsAvailable: z.number().nullable(),
    quotaResetsAt: optionalTimestamp,
    lastUsedAt: optionalTimestamp,
    lastCheckAt: optionalTimestamp,
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .superRefine((row, context) => {
    if ((row.source === 'server') !== (row.ownerUserId === null)) {
      context.addIssue({
        code: 'custom',
        path: ['ownerUserId'],
        message: 'server credentials have no owner; donated ones have one',
      });
    }
    if (row.authKind === 'idc' && (row.clientIdEnc === null || row.clientSecretEnc === null)) {
      context.addIssue({
        code: 'custom',
        path: ['clientIdEnc'],
        message: 'IdC credentials need client id and secret',
      });
    }
  });

const announcement = z.strictObject({
  id: z.number().int().positive(),
  content: z.string().min(1).max(100_000),
  isActive: z.boolean(),
  allowGuest: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const announcementMark = z.strictObject({
  userId: z.uuid(),
  announcementId: z.number().int().positive(),
  readAt: optionalTimestamp,
  dismissedAt: optionalTimestamp,
});

const ipBan = z.strictObject({
  ip: z.string().refine((value) => isIP(value) !== 0, { error: 'expected an IPv4 or IPv6 address' }),
  reason: z.string().max(500),
  bannedAt: timestamp,
});

const setting = z.strictObject({
  key: z.string().min(1).max(200),
  value: z.unknown().refine(isPresent, { error: 'required' }),
  updatedAt: timestamp,
});

export const backupDocumentSchema = z
  .strictObject({
    format: z.literal(backupFormat),
    version: z.literal(backupVersion),
    exportedAt: timestamp,
    users: z.array(user),
    oauthAccounts: z.array(oauthAccount),
    apiKeys: z.array(apiKey),
    credentials: z.array(credential),
    announcements: z.array(announcement),
    announcementStatus: z.array(announcementMark),
    ipBlacklist: z.array(ipBan),
    settings: z.array(setting),
  })
  .superRefine((document, context) => {
    const userIds = new Set(document.users.map((row) => row.id));
    const announcementIds = new Set(document.announcements.map((row) => row.id));
    const references: [table: string, field: string, ids: (string | null)[]][] = [
      ['oauthAccounts', 'userId', document.oauthAccounts.map((row) => row.userId)],
      ['apiKeys', 'userId', document.apiKeys.map((row) => row.userId)],
      ['credentials', 'ownerUserId', document.credentials.map((row) => row.ownerUserId)],
      ['announcementStatus', 'userId', document.announcementStatus.map((row) => row.userId)],
    ];
    for (const [table, field, ids] of references) {
      ids.forEach((id, index) => {
        if (id !== null && !userIds.has(id)) {
          context.addIssue({
            code: 'custom',
            path: [table, index, field],
            message: 'no such user in the backup',
          });
        }
      });
    }
    document.announcementStatus.forEach((row, index) => {
      if (!announcementIds.has(row.announcementId)) {
        context.addIssue({
          code: 'custom',
          path: ['announcementStatus', index, 'announcementId'],
          message: 'no such announcement in the backup',
        });
      }
    });
  });

/** Not a type predicate on purpose: the stored value stays `unknown`, as the jsonb column types it. */
function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export type BackupDocument = z.output<typeof backupDocumentSchema>;
