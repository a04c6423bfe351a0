import type { CredentialAdmin } from '@kirogate/contracts';
import {
  announcementStatus,
  announcements,
  apiKeys,
  type Db,
  ipBlacklist,
  oauthAccounts,
  settings,
  users,
} from '@kirogate/db';
import { and, eq, or } from 'drizzle-orm';
import type { ImportPlan, Skip } from './plan-import.ts';

export const importSections = [
  'users',
  'identities',
  'apiKeys',
  'importKeys',
  'tokens',
  'announcements',
  'announcementMarks',
  'ipBlacklist',
  'settings',
] as const;
export type ImportSection = (typeof importSections)[number];

export interface SectionCounts {
  /** Rows of this kind the seed holds that map to ours. */
  found: number;
  /** Newly written (in a dry run: would be). */
  added: number;
  /** Already here from an earlier run, or set here already: left as they are. */
  present: number;
}

export interface ImportOutcome {
  dryRun: boolean;
  counts: Record<ImportSection, SectionCounts>;
  skipped: Skip[];
}

class DryRunRollback extends Error {}

/**
 * Writes the plan, never overwriting: a user already here (found by a LinuxDo or GitHub id) keeps
 * their account and gets the seed's keys and tokens; keys are recognised by their hashes, announcements
 * by content and creation time, bans by address, settings by name. Everything but the tokens is one
 * transaction; the tokens then go to their owner, the token broker (`credentials.adopt`: sealed with its
 * key, recognised by hash, no refresh), once the users they belong to are committed. If that step
 * fails, the rest stays written and a rerun adds just the tokens, so a second run adds nothing. A dry
 * run does the same work, rolls it back and has the broker only count.
 */
export async function applyImport(
  db: Db,
  credentials: Pick<CredentialAdmin, 'adopt'>,
  plan: ImportPlan,
  options: { region: string; dryRun: boolean },
): Promise<ImportOutcome> {
  const counts = Object.fromEntries(
    importSections.map((section) => [section, { found: 0, added: 0, present: 0 }]),
  ) as Record<ImportSection, SectionCounts>;
  const skipped = plan.skipped.map((entry) => ({ ...entry }));
  const skip = (what: string, reason: string) => {
    const same = skipped.find((entry) => entry.what === what && entry.reason === reason);
    if (same) same.count += 1;
    else skipped.push({ what, count: 1, reason });
  };
  const tally = (section: ImportSection, added: boolean) => {
    counts[section].found += 1;
    counts[section][added ? 'added' : 'present'] += 1;
  };

  const userIds = new Map<number, string>();
  try {
    await db.transaction(async (tx) => {
      for (const user of plan.users) {
        const linked = await tx
          .select({
            userId: oauthAccounts.userId,
            provider: oauthAccounts.provider,
            providerUserId: oauthAccounts.providerUserId,
          })
          .from(oauthAccounts)
          .where(
            or(
              ...user.identities.map((identity) =>
                and(
                  eq(oauthAccounts.provider, identity.provider),
                  eq(oauthAccounts.providerUserId, identity.providerUserId),
                ),
              ),
            ),
          );
        let userId = linked[0]?.userId;
        if (userId === undefined) {
          const [row] = await tx
            .insert(users)
            .values({
              username: user.username,
              avatarUrl: user.avatarUrl,
              trustLevel: user.trustLevel,
              isAdmin: user.isAdmin,
              status: user.banned ? 'banned' : 'active',
              bannedAt: user.banned ? new Date() : null,
              lastLoginAt: user.lastLoginAt,
              ...(user.createdAt ? { createdAt: user.createdAt } : {}),
            })
            .returning({ id: users.id });
          userId = row!.id;
        }
        tally('users', linked.length === 0);
        userIds.set(user.legacyId, userId);
        for (const identity of user.identities) {
          const existing = linked.find(
            (row) => row.provider === identity.provider && row.providerUserId === identity.providerUserId,
          );
          if (existing && existing.userId !== userId) {
            skip(`oauth ${identity.provider} id`, 'already linked to another account here');
            continue;
          }
          if (!existing) {
            await tx
              .insert(oauthAccounts)
              .values({ ...identity, userId, providerUsername: user.username })
              .onConflictDoNothing();
          }
          tally('identities', !existing);
        }
      }

      for (const key of plan.keys) {
        const inserted = await tx
          .insert(apiKeys)
          .values({
            userId: userIds.get(key.legacyUserId)!,
            kind: key.kind,
            keyHash: key.keyHash,
            keyPrefix: key.keyPrefix,
            name: key.name,
            isActive: key.isActive,
            requestCount: key.requestCount,
            lastUsedAt: key.lastUsedAt,
            ...(key.createdAt ? { createdAt: key.createdAt } : {}),
          })
          .onConflictDoNothing({ target: apiKeys.keyHash })
          .returning({ id: apiKeys.id });
        tally(key.kind === 'user' ? 'apiKeys' : 'importKeys', inserted.length > 0);
      }

      const announcementIds = new Map<number, number>();
      for (const announcement of plan.announcements) {
        const [existing] = await tx
          .select({ id: announcements.id })
          .from(announcements)
          .where(
            and(
              eq(announcements.content, announcement.content),
              eq(announcements.createdAt, announcement.createdAt),
            ),
          );
        let id = existing?.id;
        if (id === undefined) {
          const [row] = await tx
            .insert(announcements)
            .values({
              content: announcement.content,
              isActive: announcement.isActive,
              allowGuest: announcement.allowGuest,
              createdAt: announcement.createdAt,
              updatedAt: announcement.updatedAt,
            })
            .returning({ id: announcements.id });
          id = row!.id;
        }
        tally('announcements', existing === undefined);
        announcementIds.set(announcement.legacyId, id);
      }
      for (const mark of plan.announcementMarks) {
        const at = new Date();
        const inserted = await tx
          .insert(announcementStatus)
          .values({
            userId: userIds.get(mark.legacyUserId)!,
            announcementId: announcementIds.get(mark.legacyAnnouncementId)!,
            readAt: mark.read ? at : null,
            dismissedAt: mark.dismissed ? at : null,
          })
          .onConflictDoNothing()
          .returning({ userId: announcementStatus.userId });
        tally('announcementMarks', inserted.length > 0);
      }

      for (const ban of plan.ipBans) {
        const inserted = await tx
          .insert(ipBlacklist)
          .values({ ip: ban.ip, reason: ban.reason, ...(ban.bannedAt ? { bannedAt: ban.bannedAt } : {}) })
          .onConflictDoNothing()
          .returning({ ip: ipBlacklist.ip });
        tally('ipBlacklist', inserted.length > 0);
      }
      for (const setting of plan.settings) {
        const inserted = await tx
          .insert(settings)
          .values({ key: setting.key, value: setting.value })
          .onConflictDoNothing()
          .returning({ key: settings.key });
        tally('settings', inserted.length > 0);
      }
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }

  const adopted = await credentials.adopt(
    plan.tokens.map(({ legacyId: _, legacyUserId, ...token }) => ({
      ...token,
      region: options.region,
      ownerUserId: userIds.get(legacyUserId)!,
    })),
    { dryRun: options.dryRun },
  );
  counts.tokens = { found: plan.tokens.length, added: adopted.inserted, present: adopted.skipped };
  return { dryRun: options.dryRun, counts, skipped };
}
