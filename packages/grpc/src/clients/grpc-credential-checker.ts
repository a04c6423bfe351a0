import type {
  CredentialAdmin,
  CredentialCheckResult,
  CredentialFilter,
  CredentialSummary,
} from '@kirogate/contracts';
import { createGrpcClient, type GrpcClient } from '../create-grpc-client.ts';
import type { TokenBrokerServiceClient } from '../generated/kirogate/tokenbroker/v1/TokenBrokerService.ts';
import type { InternalAuth } from '../internal-auth.ts';
import { loadTokenBrokerProto } from '../load-token-broker-proto.ts';
import { checkResultFromProto, filterToProto, summaryFromProto } from '../token-broker-codec.ts';

/** A check is a refresh and a quota call upstream: it gets more time than the default deadline. */
const checkDeadlineMs = 30_000;

/** token-broker's CheckCredential and ListCredentials over gRPC, for the scaled worker. */
export class GrpcCredentialChecker implements Pick<CredentialAdmin, 'check' | 'list'> {
  readonly #client: GrpcClient<TokenBrokerServiceClient>;

  constructor(target: string, options: { readonly deadlineMs: number; readonly auth?: InternalAuth }) {
    this.#client = createGrpcClient(loadTokenBrokerProto().TokenBrokerService, {
      target,
      deadlineMs: options.deadlineMs,
      ...(options.auth ? { auth: options.auth } : {}),
    });
  }

  async check(id: string): Promise<CredentialCheckResult> {
    return checkResultFromProto(
      await this.#client.call('CheckCredential', { id }, { deadlineMs: checkDeadlineMs }),
    );
  }

  async list(filter: CredentialFilter): Promise<{ items: CredentialSummary[]; total: number }> {
    const page = await this.#client.call('ListCredentials', filterToProto(filter));
    return { items: page.items.map(summaryFromProto), total: page.total };
  }

  close(): void {
    this.#client.close();
  }
}
