import type { CredentialAdmin } from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import {
  type AsyncHandlers,
  adoptedFromProto,
  type CallObserver,
  checkResultToProto,
  filterFromProto,
  type GrpcServiceRegistration,
  leaseRequestFromProto,
  leaseToProto,
  loadTokenBrokerProto,
  outcomeFromProto,
  poolStatusToProto,
  registerFromProto,
  sealedFromProto,
  summaryToProto,
  type TokenBrokerServiceHandlers,
  tokenBrokerServiceName,
  unaryHandlers,
  updatePatchFromProto,
} from '@kirogate/grpc';
import type { TokenBroker } from './token-broker.ts';

/** The TokenBrokerService over gRPC: thin conversions around the broker and the admin. */
export function tokenBrokerGrpcService(
  core: { broker: TokenBroker; admin: CredentialAdmin | undefined },
  observe?: CallObserver,
): GrpcServiceRegistration {
  const { broker } = core;
  const admin = (): CredentialAdmin => {
    if (!core.admin) {
      throw new AppError('SERVICE_UNAVAILABLE', 'Credential administration needs a database.');
    }
    return core.admin;
  };
  const handlers: AsyncHandlers<TokenBrokerServiceHandlers> = {
    LeaseCredential: async (request) => leaseToProto(await broker.lease(leaseRequestFromProto(request))),
    RefreshLease: async (request) => leaseToProto(await broker.refreshLease(request.leaseId)),
    ReportOutcome: async (request) => {
      const settled = await Promise.all(
        request.reports.map((report) => {
          const { leaseId, outcome } = outcomeFromProto(report);
          return broker.settle(leaseId, outcome).catch(() => false);
        }),
      );
      return { ignored: settled.filter((ok) => !ok).length };
    },
    RegisterCredential: async (request) => summaryToProto(await admin().register(registerFromProto(request))),
    UpdateCredential: async (request) =>
      summaryToProto(await admin().update(request.id, updatePatchFromProto(request))),
    DeleteCredential: async (request) => {
      await admin().delete(request.id);
      return {};
    },
    ListCredentials: async (request) => {
      const page = await admin().list(filterFromProto(request));
      return { items: page.items.map(summaryToProto), total: page.total };
    },
    CountCredentialsByOwner: async (request) => ({
      counts: Object.fromEntries(await admin().countByOwner(request.ownerUserIds)),
    }),
    CheckCredential: async (request) => checkResultToProto(await admin().check(request.id)),
    AdoptCredentials: async (request) =>
      admin().adopt(request.items.map(adoptedFromProto), { dryRun: request.dryRun }),
    RestoreCredentials: async (request) =>
      admin().restore(request.rows.map(sealedFromProto), { dryRun: request.dryRun }),
    PoolStatus: async () => {
      const status = await broker.poolStatus();
      return poolStatusToProto(status);
    },
  };
  return {
    name: tokenBrokerServiceName,
    definition: loadTokenBrokerProto().TokenBrokerService.service,
    implementation: unaryHandlers(handlers, observe),
  };
}
