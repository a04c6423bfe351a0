import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AdoptCredentialsRequest as _kirogate_tokenbroker_v1_AdoptCredentialsRequest, AdoptCredentialsRequest__Output as _kirogate_tokenbroker_v1_AdoptCredentialsRequest__Output } from './kirogate/tokenbroker/v1/AdoptCredentialsRequest.ts';
import type { AdoptedCredential as _kirogate_tokenbroker_v1_AdoptedCredential, AdoptedCredential__Output as _kirogate_tokenbroker_v1_AdoptedCredential__Output } from './kirogate/tokenbroker/v1/AdoptedCredential.ts';
import type { Caller as _kirogate_tokenbroker_v1_Caller, Caller__Output as _kirogate_tokenbroker_v1_Caller__Output } from './kirogate/tokenbroker/v1/Caller.ts';
import type { CheckCredentialRequest as _kirogate_tokenbroker_v1_CheckCredentialRequest, CheckCredentialRequest__Output as _kirogate_tokenbroker_v1_CheckCredentialRequest__Output } from './kirogate/tokenbroker/v1/CheckCredentialRequest.ts';
import type { CountCredentialsByOwnerRequest as _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest, CountCredentialsByOwnerRequest__Output as _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest__Output } from './kirogate/tokenbroker/v1/CountCredentialsByOwnerRequest.ts';
import type { CountCredentialsByOwnerResponse as _kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse, CountCredentialsByOwnerResponse__Output as _kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse__Output } from './kirogate/tokenbroker/v1/CountCredentialsByOwnerResponse.ts';
import type { CredentialCheckResult as _kirogate_tokenbroker_v1_CredentialCheckResult, CredentialCheckResult__Output as _kirogate_tokenbroker_v1_CredentialCheckResult__Output } from './kirogate/tokenbroker/v1/CredentialCheckResult.ts';
import type { CredentialSummary as _kirogate_tokenbroker_v1_CredentialSummary, CredentialSummary__Output as _kirogate_tokenbroker_v1_CredentialSummary__Output } from './kirogate/tokenbroker/v1/CredentialSummary.ts';
import type { CredentialWriteCounts as _kirogate_tokenbroker_v1_CredentialWriteCounts, CredentialWriteCounts__Output as _kirogate_tokenbroker_v1_CredentialWriteCounts__Output } from './kirogate/tokenbroker/v1/CredentialWriteCounts.ts';
import type { DeleteCredentialRequest as _kirogate_tokenbroker_v1_DeleteCredentialRequest, DeleteCredentialRequest__Output as _kirogate_tokenbroker_v1_DeleteCredentialRequest__Output } from './kirogate/tokenbroker/v1/DeleteCredentialRequest.ts';
import type { DeleteCredentialResponse as _kirogate_tokenbroker_v1_DeleteCredentialResponse, DeleteCredentialResponse__Output as _kirogate_tokenbroker_v1_DeleteCredentialResponse__Output } from './kirogate/tokenbroker/v1/DeleteCredentialResponse.ts';
import type { Lease as _kirogate_tokenbroker_v1_Lease, Lease__Output as _kirogate_tokenbroker_v1_Lease__Output } from './kirogate/tokenbroker/v1/Lease.ts';
import type { LeaseCredentialRequest as _kirogate_tokenbroker_v1_LeaseCredentialRequest, LeaseCredentialRequest__Output as _kirogate_tokenbroker_v1_LeaseCredentialRequest__Output } from './kirogate/tokenbroker/v1/LeaseCredentialRequest.ts';
import type { LeaseOutcomeReport as _kirogate_tokenbroker_v1_LeaseOutcomeReport, LeaseOutcomeReport__Output as _kirogate_tokenbroker_v1_LeaseOutcomeReport__Output } from './kirogate/tokenbroker/v1/LeaseOutcomeReport.ts';
import type { ListCredentialsRequest as _kirogate_tokenbroker_v1_ListCredentialsRequest, ListCredentialsRequest__Output as _kirogate_tokenbroker_v1_ListCredentialsRequest__Output } from './kirogate/tokenbroker/v1/ListCredentialsRequest.ts';
import type { ListCredentialsResponse as _kirogate_tokenbroker_v1_ListCredentialsResponse, ListCredentialsResponse__Output as _kirogate_tokenbroker_v1_ListCredentialsResponse__Output } from './kirogate/tokenbroker/v1/ListCredentialsResponse.ts';
import type { OwnTokenCaller as _kirogate_tokenbroker_v1_OwnTokenCaller, OwnTokenCaller__Output as _kirogate_tokenbroker_v1_OwnTokenCaller__Output } from './kirogate/tokenbroker/v1/OwnTokenCaller.ts';
import type { PoolStatusRequest as _kirogate_tokenbroker_v1_PoolStatusRequest, PoolStatusRequest__Output as _kirogate_tokenbroker_v1_PoolStatusRequest__Output } from './kirogate/tokenbroker/v1/PoolStatusRequest.ts';
import type { PoolStatusResponse as _kirogate_tokenbroker_v1_PoolStatusResponse, PoolStatusResponse__Output as _kirogate_tokenbroker_v1_PoolStatusResponse__Output } from './kirogate/tokenbroker/v1/PoolStatusResponse.ts';
import type { RefreshLeaseRequest as _kirogate_tokenbroker_v1_RefreshLeaseRequest, RefreshLeaseRequest__Output as _kirogate_tokenbroker_v1_RefreshLeaseRequest__Output } from './kirogate/tokenbroker/v1/RefreshLeaseRequest.ts';
import type { RegisterCredentialRequest as _kirogate_tokenbroker_v1_RegisterCredentialRequest, RegisterCredentialRequest__Output as _kirogate_tokenbroker_v1_RegisterCredentialRequest__Output } from './kirogate/tokenbroker/v1/RegisterCredentialRequest.ts';
import type { ReportOutcomeRequest as _kirogate_tokenbroker_v1_ReportOutcomeRequest, ReportOutcomeRequest__Output as _kirogate_tokenbroker_v1_ReportOutcomeRequest__Output } from './kirogate/tokenbroker/v1/ReportOutcomeRequest.ts';
import type { ReportOutcomeResponse as _kirogate_tokenbroker_v1_ReportOutcomeResponse, ReportOutcomeResponse__Output as _kirogate_tokenbroker_v1_ReportOutcomeResponse__Output } from './kirogate/tokenbroker/v1/ReportOutcomeResponse.ts';
import type { RestoreCredentialsRequest as _kirogate_tokenbroker_v1_RestoreCredentialsRequest, RestoreCredentialsRequest__Output as _kirogate_tokenbroker_v1_RestoreCredentialsRequest__Output } from './kirogate/tokenbroker/v1/RestoreCredentialsRequest.ts';
import type { SealedCredential as _kirogate_tokenbroker_v1_SealedCredential, SealedCredential__Output as _kirogate_tokenbroker_v1_SealedCredential__Output } from './kirogate/tokenbroker/v1/SealedCredential.ts';
import type { ServerCaller as _kirogate_tokenbroker_v1_ServerCaller, ServerCaller__Output as _kirogate_tokenbroker_v1_ServerCaller__Output } from './kirogate/tokenbroker/v1/ServerCaller.ts';
import type { TokenBrokerServiceClient as _kirogate_tokenbroker_v1_TokenBrokerServiceClient, TokenBrokerServiceDefinition as _kirogate_tokenbroker_v1_TokenBrokerServiceDefinition } from './kirogate/tokenbroker/v1/TokenBrokerService.ts';
import type { UpdateCredentialRequest as _kirogate_tokenbroker_v1_UpdateCredentialRequest, UpdateCredentialRequest__Output as _kirogate_tokenbroker_v1_UpdateCredentialRequest__Output } from './kirogate/tokenbroker/v1/UpdateCredentialRequest.ts';
import type { UserCaller as _kirogate_tokenbroker_v1_UserCaller, UserCaller__Output as _kirogate_tokenbroker_v1_UserCaller__Output } from './kirogate/tokenbroker/v1/UserCaller.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kirogate: {
    tokenbroker: {
      v1: {
        AdoptCredentialsRequest: MessageTypeDefinition<_kirogate_tokenbroker_v1_AdoptCredentialsRequest, _kirogate_tokenbroker_v1_AdoptCredentialsRequest__Output>
        AdoptedCredential: MessageTypeDefinition<_kirogate_tokenbroker_v1_AdoptedCredential, _kirogate_tokenbroker_v1_AdoptedCredential__Output>
        AuthKind: EnumTypeDefinition
        Caller: MessageTypeDefinition<_kirogate_tokenbroker_v1_Caller, _kirogate_tokenbroker_v1_Caller__Output>
        CheckCredentialRequest: MessageTypeDefinition<_kirogate_tokenbroker_v1_CheckCredentialRequest, _kirogate_tokenbroker_v1_CheckCredentialRequest__Output>
        CountCredentialsByOwnerRequest: MessageTypeDefinition<_kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest, _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest__Output>
        CountCredentialsByOwnerResponse: MessageTypeDefinition<_kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse, _kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse__Output>
        CredentialCheckResult: MessageTypeDefinition<_kirogate_tokenbroker_v1_CredentialCheckResult, _kirogate_tokenbroker_v1_CredentialCheckResult__Output>
        CredentialState: EnumTypeDefinition
        CredentialSummary: MessageTypeDefinition<_kirogate_tokenbroker_v1_CredentialSummary, _kirogate_tokenbroker_v1_CredentialSummary__Output>
        CredentialWriteCounts: MessageTypeDefinition<_kirogate_tokenbroker_v1_CredentialWriteCounts, _kirogate_tokenbroker_v1_CredentialWriteCounts__Output>
        DeleteCredentialRequest: MessageTypeDefinition<_kirogate_tokenbroker_v1_DeleteCredentialRequest, _kirogate_tokenbroker_v1_DeleteCredentialRequest__Output>
        DeleteCredentialResponse: MessageTypeDefinition<_kirogate_tokenbroker_v1_DeleteCredentialResponse, _kirogate_tokenbroker_v1_DeleteCredentialResponse__Output>
        Lease: MessageTypeDefinition<_kirogate_tokenbroker_v1_Lease, _kirogate_tokenbroker_v1_Lease__Output>
        LeaseCredentialRequest: MessageTypeDefinition<_kirogate_tokenbroker_v1_LeaseCredentialRequest, _kirogate_tokenbroker_v1_LeaseCredentialRequest__Output>
        LeaseOutcomeReport: MessageTypeDefinition<_kirogate_tokenbroker_v1_LeaseOutcomeReport, _kirogate_tokenbroker_v1_LeaseOutcomeReport__Output>
        ListCredentialsRequest: MessageTypeDefinition<_kirogate_tokenbroker_v1_ListCredentialsRequest, _kirogate_tokenbroker_v1_ListCredentialsRequest__Output>
        ListCredentialsResponse: MessageTypeDefinition<_kirogate_tokenbroker_v1_ListCredentialsResponse, _kirogate_tokenbroker_v1_ListCredentialsResponse__Output>
        OutcomeKind: EnumTypeDefinition
        OwnTokenCaller: MessageTypeDefinition<_kirogate_tokenbroker_v1_OwnTokenCaller, _kirogate_tokenbroker_v1_OwnTokenCaller__Output>
        PoolStatusRequest: MessageTypeDefinition<_kirogate_tokenbroker_v1_PoolStatusRequest, _kirogate_tokenbroker_v1_PoolStatusRequest__Output>
        PoolStatusResponse: MessageTypeDefinition<_kirogate_tokenbroker_v1_PoolStatusResponse, _kirogate_tokenbroker_v1_PoolStatusResponse__Output>
        RefreshLeaseRequest: MessageTypeDefinition<_kirogate_tokenbroker_v1_RefreshLeaseRequest, _kirogate_tokenbroker_v1_RefreshLeaseRequest__Output>
        RegisterCredentialRequest: MessageTypeDefinition<_kirogate_tokenbroker_v1_RegisterCredentialRequest, _kirogate_tokenbroker_v1_RegisterCredentialRequest__Output>
        ReportOutcomeRequest: MessageTypeDefinition<_kirogate_tokenbroker_v1_ReportOutcomeRequest, _kirogate_tokenbroker_v1_ReportOutcomeRequest__Output>
        ReportOutcomeResponse: MessageTypeDefinition<_kirogate_tokenbroker_v1_ReportOutcomeResponse, _kirogate_tokenbroker_v1_ReportOutcomeResponse__Output>
        RestoreCredentialsRequest: MessageTypeDefinition<_kirogate_tokenbroker_v1_RestoreCredentialsRequest, _kirogate_tokenbroker_v1_RestoreCredentialsRequest__Output>
        SealedCredential: MessageTypeDefinition<_kirogate_tokenbroker_v1_SealedCredential, _kirogate_tokenbroker_v1_SealedCredential__Output>
        ServerCaller: MessageTypeDefinition<_kirogate_tokenbroker_v1_ServerCaller, _kirogate_tokenbroker_v1_ServerCaller__Output>
        TokenBrokerService: SubtypeConstructor<typeof grpc.Client, _kirogate_tokenbroker_v1_TokenBrokerServiceClient> & { service: _kirogate_tokenbroker_v1_TokenBrokerServiceDefinition }
        UpdateCredentialRequest: MessageTypeDefinition<_kirogate_tokenbroker_v1_UpdateCredentialRequest, _kirogate_tokenbroker_v1_UpdateCredentialRequest__Output>
        UserCaller: MessageTypeDefinition<_kirogate_tokenbroker_v1_UserCaller, _kirogate_tokenbroker_v1_UserCaller__Output>
        Visibility: EnumTypeDefinition
      }
    }
  }
}

