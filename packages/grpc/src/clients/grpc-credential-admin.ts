import type {
  AdoptCredentialInput,
  CredentialAdmin,
  CredentialCheckResult,
  CredentialFilter,
  CredentialSummary,
  CredentialWriteCounts,
  PoolStatus,
  RegisterCredentialInput,
  SealedCredentialRow,
} from '@kirogate/contracts';
import { createGrpcClient, type GrpcClient } from '../create-grpc-client.ts';
import type { TokenBrokerServiceClient } from '../generated/kirogate/tokenbroker/v1/TokenBrokerService.ts';
import type { InternalAuth } from '../internal-auth.ts';
import { loadTokenBrokerProto } from '../load-token-broker-proto.ts';
import {
  adoptedToProto,
  checkResultFromProto,
  filterToProto,
  poolStatusFromProto,
  registerToProto,
  sealedToProto,
  summaryFromProto,
  updatePatchToProto,
} from '../token-broker-codec.ts';

export interface GrpcCredentialAdminOptions {
  /** TOKEN_BROKER_URL. */
  target: string;
  /** Deadline of every call; a registration or a check includes a Kiro round trip. */
  deadlineMs: number;
  auth?: InternalAuth;
}

/** CredentialAdmin over gRPC, for user-service (donations, owners' views) and the worker (checks). */
export class GrpcCredentialAdmin implements CredentialAdmin {
  readonly #client: GrpcClient<TokenBrokerServiceClient>;

  constructor(options: GrpcCredentialAdminOptions) {
    this.#client = createGrpcClient(loadTokenBrokerProto().TokenBrokerService, {
      target: options.target,
      deadlineMs: options.deadlineMs,
      ...(options.auth ? { auth: options.auth } : {}),
    });
  }

  async register(input: RegisterCredentialInput): Promise<CredentialSummary> {
    return summaryFromProto(await this.#client.call('registerCredential', registerToProto(input)));
  }

  async update(
    id: string,
    patch: { visibility?: 'public' | 'private'; status?: 'active' | 'disabled' },
  ): Promise<CredentialSummary> {
    return summaryFromProto(
      await this.#client.call('updateCredential', { id, ...updatePatchToProto(patch) }),
    );
  }

  async delete(id: string): Promise<void> {
    await this.#client.call('deleteCredential', { id });
  }

  async list(filter: CredentialFilter): Promise<{ items: CredentialSummary[]; total: number }> {
    const page = await this.#client.call('listCredentials', filterToProto(filter));
    return { items: page.items.map(summaryFromProto), total: page.total };
  }

  async countByOwner(ownerUserIds: readonly string[]): Promise<Map<string, number>> {
    if (ownerUserIds.length === 0) return new Map();
    const reply = await this.#client.call('countCredentialsByOwner', { ownerUserIds: [...ownerUserIds] });
    return new Map(Object.entries(reply.counts));
  }

  async adopt(
    items: readonly AdoptCredentialInput[],
    options: { dryRun?: boolean } = {},
  ): Promise<CredentialWriteCounts> {
    const reply = await this.#client.call('adoptCredentials', {
      items: items.map(adoptedToProto),
      dryRun: options.dryRun ?? false,
    });
    return { inserted: reply.inserted, skipped: reply.skipped };
  }

  async restore(
    rows: readonly SealedCredentialRow[],
    options: { dryRun?: boolean } = {},
  ): Promise<CredentialWriteCounts> {
    const reply = await this.#client.call('restoreCredentials', {
      rows: rows.map(sealedToProto),
      dryRun: options.dryRun ?? false,
    });
    return { inserted: reply.inserted, skipped: reply.skipped };
  }

  async check(id: string): Promise<CredentialCheckResult> {
    return checkResultFromProto(await this.#client.call('checkCredential', { id }));
  }

  async poolStatus(): Promise<PoolStatus> {
    return poolStatusFromProto(await this.#client.call('poolStatus', {}));
  }

  close(): void {
    this.#client.close();
  }
}
