import type { CredentialAdmin, CredentialSummary } from '@kirogate/contracts';
import { AppError, isAppError } from '@kirogate/errors';
import type { ImportResultView } from '../contract/views.ts';
import type { SiteSettings } from '../site/site-settings.ts';
import { type ImportCandidate, importLimits, type ParsedImport } from './parse-bulk-import.ts';

export interface DonationInput {
  refreshToken: string;
  authKind: 'social' | 'idc';
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  visibility: 'public' | 'private';
  anonymous: boolean;
}

/**
 * Donations on behalf of a user. Validation (one refresh), encryption and storage belong to the
 * token broker behind `CredentialAdmin`; this adds ownership and the site rules (no public tokens in
 * self-use mode). A token of another user is NOT_FOUND, exactly like one that does not exist.
 */
export class DonationService {
  readonly #admin: CredentialAdmin;
  readonly #site: SiteSettings;

  constructor(admin: CredentialAdmin, site: SiteSettings) {
    this.#admin = admin;
    this.#site = site;
  }

  get admin(): CredentialAdmin {
    return this.#admin;
  }

  async donate(userId: string, input: DonationInput): Promise<CredentialSummary> {
    await this.#checkVisibility(input.visibility);
    if (input.authKind === 'idc' && (!input.clientId || !input.clientSecret)) {
      throw new AppError('INVALID_REQUEST', 'IdC tokens need client_id and client_secret', {
        param: 'client_id',
      });
    }
    return this.#admin.register({
      refreshToken: input.refreshToken,
      authKind: input.authKind,
      ...(input.authKind === 'idc' ? { clientId: input.clientId!, clientSecret: input.clientSecret! } : {}),
      ownerUserId: userId,
      visibility: input.visibility,
      anonymous: anonymityOf(input.visibility, input.anonymous),
    });
  }

  async import(
    userId: string,
    parsed: ParsedImport,
    options: { visibility: 'public' | 'private'; anonymous: boolean },
  ): Promise<ImportResultView> {
    await this.#checkVisibility(options.visibility);
    const seen = new Set<string>();
    const unique: ImportCandidate[] = [];
    let skipped = 0;
    for (const candidate of parsed.candidates) {
      if (seen.has(candidate.refreshToken)) skipped += 1;
      else {
        seen.add(candidate.refreshToken);
        unique.push(candidate);
      }
    }
    if (unique.length > importLimits.maxTokens) {
      throw new AppError('PAYLOAD_TOO_LARGE', `At most ${importLimits.maxTokens} tokens per import`);
    }
    const counts = { imported: 0, invalid: 0, failed: 0 };
    const errors: string[] = [];
    const note = (message: string) => {
      if (errors.length < importLimits.errorSamples) errors.push(message);
    };
    let next = 0;
    const worker = async () => {
      while (next < unique.length) {
        const index = next++;
        const candidate = unique[index]!;
        try {
          await this.#admin.register({
            refreshToken: candidate.refreshToken,
            authKind: candidate.clientId ? 'idc' : 'social',
            ...(candidate.clientId
              ? { clientId: candidate.clientId, clientSecret: candidate.clientSecret! }
              : {}),
            ownerUserId: userId,
            visibility: options.visibility,
            anonymous: anonymityOf(options.visibility, options.anonymous),
          });
          counts.imported += 1;
        } catch (error) {
          // Messages name the entry by position only: the token itself never goes back.
          if (isAppError(error) && error.code === 'CONFLICT') skipped += 1;
          else if (
            isAppError(error) &&
            (error.code === 'INVALID_REQUEST' ||
              error.code === 'CALLER_CREDENTIAL_INVALID' ||
              error.code === 'UPSTREAM_AUTH')
          ) {
            counts.invalid += 1;
            note(`#${index + 1}: ${error.message.slice(0, 120)}`);
          } else {
            counts.failed += 1;
            note(`#${index + 1}: ${isAppError(error) ? error.message.slice(0, 120) : 'could not be stored'}`);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: importLimits.concurrency }, worker));
    const total = parsed.candidates.length + parsed.missingRequired;
    return {
      success: counts.imported > 0,
      message: `Imported ${counts.imported} of ${total}`,
      total,
      imported: counts.imported,
      skipped,
      invalid: counts.invalid,
      failed: counts.failed,
      missing_required: parsed.missingRequired,
      errors,
    };
  }

  async listOwn(
    userId: string,
    filter: {
      page: number;
      pageSize: number;
      visibility?: 'public' | 'private' | undefined;
      status?: CredentialSummary['status'] | undefined;
    },
  ) {
    return this.#admin.list({
      ownerUserId: userId,
      page: filter.page,
      pageSize: filter.pageSize,
      ...(filter.visibility ? { visibility: filter.visibility } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    });
  }

  async setVisibility(
    userId: string,
    id: string,
    visibility: 'public' | 'private',
  ): Promise<CredentialSummary> {
    await this.#checkVisibility(visibility);
    await this.#owned(userId, id);
    return this.#admin.update(id, { visibility });
  }

  async delete(userId: string, id: string): Promise<void> {
    await this.#owned(userId, id);
    await this.#admin.delete(id);
  }

  /** Counts for the profile: all own tokens and the public ones. */
  async counts(userId: string): Promise<{ total: number; public: number; active: number }> {
    const [all, pub, active] = await Promise.all([
      this.#admin.list({ ownerUserId: userId, page: 1, pageSize: 1 }),
      this.#admin.list({ ownerUserId: userId, visibility: 'public', page: 1, pageSize: 1 }),
      this.#admin.list({ ownerUserId: userId, status: 'active', page: 1, pageSize: 1 }),
    ]);
    return { total: all.total, public: pub.total, active: active.total };
  }

  async publicPool(): Promise<CredentialSummary[]> {
    const items: CredentialSummary[] = [];
    for (let page = 1; page <= 10; page += 1) {
      const batch = await this.#admin.list({ visibility: 'public', page, pageSize: 200 });
      items.push(...batch.items.filter((item) => item.source === 'donated'));
      if (batch.items.length < 200) break;
    }
    return items;
  }

  async #owned(userId: string, id: string): Promise<CredentialSummary> {
    for (let page = 1; ; page += 1) {
      const batch = await this.#admin.list({ ownerUserId: userId, page, pageSize: 200 });
      const found = batch.items.find((item) => item.id === id);
      if (found) return found;
      if (batch.items.length < 200) throw new AppError('NOT_FOUND', 'No such token');
    }
  }

  async #checkVisibility(visibility: 'public' | 'private'): Promise<void> {
    if (visibility === 'public' && (await this.#site.flags()).selfUseEnabled) {
      throw new AppError('FORBIDDEN', 'Public donations are closed in self-use mode');
    }
  }
}

/** A credential as users see it: counters and state, never secrets. */
/**
 * A private donation is stored anonymous: its donor never chose to be named, and switching it to
 * public later must not reveal who gave it. Only a donation made public and not anonymous names them.
 */
function anonymityOf(visibility: 'public' | 'private', anonymous: boolean): boolean {
  return visibility === 'private' || anonymous;
}
