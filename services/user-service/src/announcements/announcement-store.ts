import { announcementStatus, announcements, type Db } from '@kirogate/db';
import { and, desc, eq } from 'drizzle-orm';
import { renderAnnouncement, renderUserAnnouncement } from '../contract/render.ts';

export type Announcement = typeof announcements.$inferSelect;

/** One current announcement (the newest active one), with per-user read and dismiss marks. */
export class AnnouncementStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async latest(): Promise<Announcement | undefined> {
    const [row] = await this.#db.select().from(announcements).orderBy(desc(announcements.id)).limit(1);
    return row;
  }

  async current(): Promise<Announcement | undefined> {
    const row = await this.latest();
    return row?.isActive ? row : undefined;
  }

  async forUser(userId: string) {
    const current = await this.current();
    if (!current) return null;
    const [status] = await this.#db
      .select()
      .from(announcementStatus)
      .where(and(eq(announcementStatus.userId, userId), eq(announcementStatus.announcementId, current.id)));
    return renderUserAnnouncement(current, {
      read: Boolean(status?.readAt),
      dismissed: Boolean(status?.dismissedAt),
    });
  }

  async forGuest() {
    const current = await this.current();
    return current?.allowGuest ? renderAnnouncement(current) : null;
  }

  async mark(userId: string, announcementId: number, mark: 'read' | 'dismiss'): Promise<boolean> {
    const [exists] = await this.#db
      .select({ id: announcements.id })
      .from(announcements)
      .where(eq(announcements.id, announcementId));
    if (!exists) return false;
    const now = new Date();
    const set = mark === 'read' ? { readAt: now } : { dismissedAt: now, readAt: now };
    await this.#db
      .insert(announcementStatus)
      .values({ userId, announcementId, ...set })
      .onConflictDoUpdate({ target: [announcementStatus.userId, announcementStatus.announcementId], set });
    return true;
  }

  /** Posting replaces the current announcement with a new one, so earlier dismissals do not hide it. */
  async post(content: string, isActive: boolean, allowGuest: boolean): Promise<Announcement> {
    const [row] = await this.#db.insert(announcements).values({ content, isActive, allowGuest }).returning();
    return row!;
  }
}
