// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AdoptCredentialsRequest as _kirogate_tokenbroker_v1_AdoptCredentialsRequest, AdoptCredentialsRequest__Output as _kirogate_tokenbroker_v1_AdoptCredentialsRequest__Output } from '../../../kirogate/tokenbroker/v1/AdoptCredentialsRequest.ts';
import type { CheckCredentialRequest as _kirogate_tokenbroker_v1_CheckCredentialRequest, CheckCredentialRequest__Output as _kirogate_tokenbroker_v1_CheckCredentialRequest__Output } from '../../../kirogate/tokenbroker/v1/CheckCredentialRequest.ts';
import type { CountCredentialsByOwnerRequest as _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest, CountCredentialsByOwnerRequest__Output as _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest__Output } from '../../../kirogate/tokenbroker/v1/CountCredentialsByOwnerRequest.ts';
import type { CountCredentialsByOwnerResponse as _kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse, CountCredentialsByOwnerResponse__Output as _kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse__Output } from '../../../kirogate/tokenbroker/v1/CountCredentialsByOwnerResponse.ts';
import type { CredentialCheckResult as _kirogate_tokenbroker_v1_CredentialCheckResult, CredentialCheckResult__Output as _kirogate_tokenbroker_v1_CredentialCheckResult__Output } from '../../../kirogate/tokenbroker/v1/CredentialCheckResult.ts';
import type { CredentialSummary as _kirogate_tokenbroker_v1_CredentialSummary, CredentialSummary__Output as _kirogate_tokenbroker_v1_CredentialSummary__Output } from '../../../kirogate/tokenbroker/v1/CredentialSummary.ts';
import type { CredentialWriteCounts as _kirogate_tokenbroker_v1_CredentialWriteCounts, CredentialWriteCounts__Output as _kirogate_tokenbroker_v1_CredentialWriteCounts__Output } from '../../../kirogate/tokenbroker/v1/CredentialWriteCounts.ts';
import type { DeleteCredentialRequest as _kirogate_tokenbroker_v1_DeleteCredentialRequest, DeleteCredentialRequest__Output as _kirogate_tokenbroker_v1_DeleteCredentialRequest__Output } from '../../../kirogate/tokenbroker/v1/DeleteCredentialRequest.ts';
import type { DeleteCredentialResponse as _kirogate_tokenbroker_v1_DeleteCredentialResponse, DeleteCredentialResponse__Output as _kirogate_tokenbroker_v1_DeleteCredentialResponse__Output } from '../../../kirogate/tokenbroker/v1/DeleteCredentialResponse.ts';
import type { Lease as _kirogate_tokenbroker_v1_Lease, Lease__Output as _kirogate_tokenbroker_v1_Lease__Output } from '../../../kirogate/tokenbroker/v1/Lease.ts';
import type { LeaseCredentialRequest as _kirogate_tokenbroker_v1_LeaseCredentialRequest, LeaseCredentialRequest__Output as _kirogate_tokenbroker_v1_LeaseCredentialRequest__Output } from '../../../kirogate/tokenbroker/v1/LeaseCredentialRequest.ts';
import type { ListCredentialsRequest as _kirogate_tokenbroker_v1_ListCredentialsRequest, ListCredentialsRequest__Output as _kirogate_tokenbroker_v1_ListCredentialsRequest__Output } from '../../../kirogate/tokenbroker/v1/ListCredentialsRequest.ts';
import type { ListCredentialsResponse as _kirogate_tokenbroker_v1_ListCredentialsResponse, ListCredentialsResponse__Output as _kirogate_tokenbroker_v1_ListCredentialsResponse__Output } from '../../../kirogate/tokenbroker/v1/ListCredentialsResponse.ts';
import type { PoolStatusRequest as _kirogate_tokenbroker_v1_PoolStatusRequest, PoolStatusRequest__Output as _kirogate_tokenbroker_v1_PoolStatusRequest__Output } from '../../../kirogate/tokenbroker/v1/PoolStatusRequest.ts';
import type { PoolStatusResponse as _kirogate_tokenbroker_v1_PoolStatusResponse, PoolStatusResponse__Output as _kirogate_tokenbroker_v1_PoolStatusResponse__Output } from '../../../kirogate/tokenbroker/v1/PoolStatusResponse.ts';
import type { RefreshLeaseRequest as _kirogate_tokenbroker_v1_RefreshLeaseRequest, RefreshLeaseRequest__Output as _kirogate_tokenbroker_v1_RefreshLeaseRequest__Output } from '../../../kirogate/tokenbroker/v1/RefreshLeaseRequest.ts';
import type { RegisterCredentialRequest as _kirogate_tokenbroker_v1_RegisterCredentialRequest, RegisterCredentialRequest__Output as _kirogate_tokenbroker_v1_RegisterCredentialRequest__Output } from '../../../kirogate/tokenbroker/v1/RegisterCredentialRequest.ts';
import type { ReportOutcomeRequest as _kirogate_tokenbroker_v1_ReportOutcomeRequest, ReportOutcomeRequest__Output as _kirogate_tokenbroker_v1_ReportOutcomeRequest__Output } from '../../../kirogate/tokenbroker/v1/ReportOutcomeRequest.ts';
import type { ReportOutcomeResponse as _kirogate_tokenbroker_v1_ReportOutcomeResponse, ReportOutcomeResponse__Output as _kirogate_tokenbroker_v1_ReportOutcomeResponse__Output } from '../../../kirogate/tokenbroker/v1/ReportOutcomeResponse.ts';
import type { RestoreCredentialsRequest as _kirogate_tokenbroker_v1_RestoreCredentialsRequest, RestoreCredentialsRequest__Output as _kirogate_tokenbroker_v1_RestoreCredentialsRequest__Output } from '../../../kirogate/tokenbroker/v1/RestoreCredentialsRequest.ts';
import type { UpdateCredentialRequest as _kirogate_tokenbroker_v1_UpdateCredentialRequest, UpdateCredentialRequest__Output as _kirogate_tokenbroker_v1_UpdateCredentialRequest__Output } from '../../../kirogate/tokenbroker/v1/UpdateCredentialRequest.ts';

export interface TokenBrokerServiceClient extends grpc.Client {
  /**
   * Stores moved-over credentials (plaintext secrets, sealed here) without a refresh; skips refresh
   * tokens already stored (by hash). Reloads the pool.
   */
  AdoptCredentials(argument: _kirogate_tokenbroker_v1_AdoptCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  AdoptCredentials(argument: _kirogate_tokenbroker_v1_AdoptCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  AdoptCredentials(argument: _kirogate_tokenbroker_v1_AdoptCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  AdoptCredentials(argument: _kirogate_tokenbroker_v1_AdoptCredentialsRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  /**
   * Stores moved-over credentials (plaintext secrets, sealed here) without a refresh; skips refresh
   * tokens already stored (by hash). Reloads the pool.
   */
  adoptCredentials(argument: _kirogate_tokenbroker_v1_AdoptCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  adoptCredentials(argument: _kirogate_tokenbroker_v1_AdoptCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  adoptCredentials(argument: _kirogate_tokenbroker_v1_AdoptCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  adoptCredentials(argument: _kirogate_tokenbroker_v1_AdoptCredentialsRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  
  /**
   * Refresh + getUsageLimits now; stores the verdict (revives credentials that work again).
   */
  CheckCredential(argument: _kirogate_tokenbroker_v1_CheckCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialCheckResult__Output>): grpc.ClientUnaryCall;
  CheckCredential(argument: _kirogate_tokenbroker_v1_CheckCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialCheckResult__Output>): grpc.ClientUnaryCall;
  CheckCredential(argument: _kirogate_tokenbroker_v1_CheckCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialCheckResult__Output>): grpc.ClientUnaryCall;
  CheckCredential(argument: _kirogate_tokenbroker_v1_CheckCredentialRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialCheckResult__Output>): grpc.ClientUnaryCall;
  /**
   * Refresh + getUsageLimits now; stores the verdict (revives credentials that work again).
   */
  checkCredential(argument: _kirogate_tokenbroker_v1_CheckCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialCheckResult__Output>): grpc.ClientUnaryCall;
  checkCredential(argument: _kirogate_tokenbroker_v1_CheckCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialCheckResult__Output>): grpc.ClientUnaryCall;
  checkCredential(argument: _kirogate_tokenbroker_v1_CheckCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialCheckResult__Output>): grpc.ClientUnaryCall;
  checkCredential(argument: _kirogate_tokenbroker_v1_CheckCredentialRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialCheckResult__Output>): grpc.ClientUnaryCall;
  
  /**
   * How many credentials each of the given owners has, in one query (admin lists, no call per row).
   */
  CountCredentialsByOwner(argument: _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse__Output>): grpc.ClientUnaryCall;
  CountCredentialsByOwner(argument: _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse__Output>): grpc.ClientUnaryCall;
  CountCredentialsByOwner(argument: _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse__Output>): grpc.ClientUnaryCall;
  CountCredentialsByOwner(argument: _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse__Output>): grpc.ClientUnaryCall;
  /**
   * How many credentials each of the given owners has, in one query (admin lists, no call per row).
   */
  countCredentialsByOwner(argument: _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse__Output>): grpc.ClientUnaryCall;
  countCredentialsByOwner(argument: _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse__Output>): grpc.ClientUnaryCall;
  countCredentialsByOwner(argument: _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse__Output>): grpc.ClientUnaryCall;
  countCredentialsByOwner(argument: _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteCredential(argument: _kirogate_tokenbroker_v1_DeleteCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_DeleteCredentialResponse__Output>): grpc.ClientUnaryCall;
  DeleteCredential(argument: _kirogate_tokenbroker_v1_DeleteCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_DeleteCredentialResponse__Output>): grpc.ClientUnaryCall;
  DeleteCredential(argument: _kirogate_tokenbroker_v1_DeleteCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_DeleteCredentialResponse__Output>): grpc.ClientUnaryCall;
  DeleteCredential(argument: _kirogate_tokenbroker_v1_DeleteCredentialRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_DeleteCredentialResponse__Output>): grpc.ClientUnaryCall;
  deleteCredential(argument: _kirogate_tokenbroker_v1_DeleteCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_DeleteCredentialResponse__Output>): grpc.ClientUnaryCall;
  deleteCredential(argument: _kirogate_tokenbroker_v1_DeleteCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_DeleteCredentialResponse__Output>): grpc.ClientUnaryCall;
  deleteCredential(argument: _kirogate_tokenbroker_v1_DeleteCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_DeleteCredentialResponse__Output>): grpc.ClientUnaryCall;
  deleteCredential(argument: _kirogate_tokenbroker_v1_DeleteCredentialRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_DeleteCredentialResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Picks a credential for the caller and model and makes sure its access token is fresh.
   */
  LeaseCredential(argument: _kirogate_tokenbroker_v1_LeaseCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  LeaseCredential(argument: _kirogate_tokenbroker_v1_LeaseCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  LeaseCredential(argument: _kirogate_tokenbroker_v1_LeaseCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  LeaseCredential(argument: _kirogate_tokenbroker_v1_LeaseCredentialRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  /**
   * Picks a credential for the caller and model and makes sure its access token is fresh.
   */
  leaseCredential(argument: _kirogate_tokenbroker_v1_LeaseCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  leaseCredential(argument: _kirogate_tokenbroker_v1_LeaseCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  leaseCredential(argument: _kirogate_tokenbroker_v1_LeaseCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  leaseCredential(argument: _kirogate_tokenbroker_v1_LeaseCredentialRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  
  ListCredentials(argument: _kirogate_tokenbroker_v1_ListCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  ListCredentials(argument: _kirogate_tokenbroker_v1_ListCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  ListCredentials(argument: _kirogate_tokenbroker_v1_ListCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  ListCredentials(argument: _kirogate_tokenbroker_v1_ListCredentialsRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  listCredentials(argument: _kirogate_tokenbroker_v1_ListCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  listCredentials(argument: _kirogate_tokenbroker_v1_ListCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  listCredentials(argument: _kirogate_tokenbroker_v1_ListCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  listCredentials(argument: _kirogate_tokenbroker_v1_ListCredentialsRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  
  PoolStatus(argument: _kirogate_tokenbroker_v1_PoolStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_PoolStatusResponse__Output>): grpc.ClientUnaryCall;
  PoolStatus(argument: _kirogate_tokenbroker_v1_PoolStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_PoolStatusResponse__Output>): grpc.ClientUnaryCall;
  PoolStatus(argument: _kirogate_tokenbroker_v1_PoolStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_PoolStatusResponse__Output>): grpc.ClientUnaryCall;
  PoolStatus(argument: _kirogate_tokenbroker_v1_PoolStatusRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_PoolStatusResponse__Output>): grpc.ClientUnaryCall;
  poolStatus(argument: _kirogate_tokenbroker_v1_PoolStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_PoolStatusResponse__Output>): grpc.ClientUnaryCall;
  poolStatus(argument: _kirogate_tokenbroker_v1_PoolStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_PoolStatusResponse__Output>): grpc.ClientUnaryCall;
  poolStatus(argument: _kirogate_tokenbroker_v1_PoolStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_PoolStatusResponse__Output>): grpc.ClientUnaryCall;
  poolStatus(argument: _kirogate_tokenbroker_v1_PoolStatusRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_PoolStatusResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * After an upstream 401/403: forces one refresh of the leased credential and returns the new token.
   */
  RefreshLease(argument: _kirogate_tokenbroker_v1_RefreshLeaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  RefreshLease(argument: _kirogate_tokenbroker_v1_RefreshLeaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  RefreshLease(argument: _kirogate_tokenbroker_v1_RefreshLeaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  RefreshLease(argument: _kirogate_tokenbroker_v1_RefreshLeaseRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  /**
   * After an upstream 401/403: forces one refresh of the leased credential and returns the new token.
   */
  refreshLease(argument: _kirogate_tokenbroker_v1_RefreshLeaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  refreshLease(argument: _kirogate_tokenbroker_v1_RefreshLeaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  refreshLease(argument: _kirogate_tokenbroker_v1_RefreshLeaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  refreshLease(argument: _kirogate_tokenbroker_v1_RefreshLeaseRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_Lease__Output>): grpc.ClientUnaryCall;
  
  /**
   * Validates a donated credential with one refresh and stores it encrypted.
   */
  RegisterCredential(argument: _kirogate_tokenbroker_v1_RegisterCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  RegisterCredential(argument: _kirogate_tokenbroker_v1_RegisterCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  RegisterCredential(argument: _kirogate_tokenbroker_v1_RegisterCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  RegisterCredential(argument: _kirogate_tokenbroker_v1_RegisterCredentialRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  /**
   * Validates a donated credential with one refresh and stores it encrypted.
   */
  registerCredential(argument: _kirogate_tokenbroker_v1_RegisterCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  registerCredential(argument: _kirogate_tokenbroker_v1_RegisterCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  registerCredential(argument: _kirogate_tokenbroker_v1_RegisterCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  registerCredential(argument: _kirogate_tokenbroker_v1_RegisterCredentialRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  
  /**
   * Ends leases and feeds the scheduler. Batched: gateways send what they collected since the last call.
   */
  ReportOutcome(argument: _kirogate_tokenbroker_v1_ReportOutcomeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  ReportOutcome(argument: _kirogate_tokenbroker_v1_ReportOutcomeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  ReportOutcome(argument: _kirogate_tokenbroker_v1_ReportOutcomeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  ReportOutcome(argument: _kirogate_tokenbroker_v1_ReportOutcomeRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Ends leases and feeds the scheduler. Batched: gateways send what they collected since the last call.
   */
  reportOutcome(argument: _kirogate_tokenbroker_v1_ReportOutcomeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  reportOutcome(argument: _kirogate_tokenbroker_v1_ReportOutcomeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  reportOutcome(argument: _kirogate_tokenbroker_v1_ReportOutcomeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  reportOutcome(argument: _kirogate_tokenbroker_v1_ReportOutcomeRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Stores backed-up rows already sealed with this keyring; skips ids or token hashes already stored.
   * Reloads the pool.
   */
  RestoreCredentials(argument: _kirogate_tokenbroker_v1_RestoreCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  RestoreCredentials(argument: _kirogate_tokenbroker_v1_RestoreCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  RestoreCredentials(argument: _kirogate_tokenbroker_v1_RestoreCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  RestoreCredentials(argument: _kirogate_tokenbroker_v1_RestoreCredentialsRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  /**
   * Stores backed-up rows already sealed with this keyring; skips ids or token hashes already stored.
   * Reloads the pool.
   */
  restoreCredentials(argument: _kirogate_tokenbroker_v1_RestoreCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  restoreCredentials(argument: _kirogate_tokenbroker_v1_RestoreCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  restoreCredentials(argument: _kirogate_tokenbroker_v1_RestoreCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  restoreCredentials(argument: _kirogate_tokenbroker_v1_RestoreCredentialsRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialWriteCounts__Output>): grpc.ClientUnaryCall;
  
  UpdateCredential(argument: _kirogate_tokenbroker_v1_UpdateCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  UpdateCredential(argument: _kirogate_tokenbroker_v1_UpdateCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  UpdateCredential(argument: _kirogate_tokenbroker_v1_UpdateCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  UpdateCredential(argument: _kirogate_tokenbroker_v1_UpdateCredentialRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  updateCredential(argument: _kirogate_tokenbroker_v1_UpdateCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  updateCredential(argument: _kirogate_tokenbroker_v1_UpdateCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  updateCredential(argument: _kirogate_tokenbroker_v1_UpdateCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  updateCredential(argument: _kirogate_tokenbroker_v1_UpdateCredentialRequest, callback: grpc.requestCallback<_kirogate_tokenbroker_v1_CredentialSummary__Output>): grpc.ClientUnaryCall;
  
}

export interface TokenBrokerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Stores moved-over credentials (plaintext secrets, sealed here) without a refresh; skips refresh
   * tokens already stored (by hash). Reloads the pool.
   */
  AdoptCredentials: grpc.handleUnaryCall<_kirogate_tokenbroker_v1_AdoptCredentialsRequest__Output, _kirogate_tokenbroker_v1_CredentialWriteCounts>;
  
  /**
   * Refresh + getUsageLimits now; stores the verdict (revives credentials that work again).
   */
  CheckCredential: grpc.handleUnaryCall<_kirogate_tokenbroker_v1_CheckCredentialRequest__Output, _kirogate_tokenbroker_v1_CredentialCheckResult>;
  
  /**
   * How many credentials each of the given owners has, in one query (admin lists, no call per row).
   */
  CountCredentialsByOwner: grpc.handleUnaryCall<_kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest__Output, _kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse>;
  
  DeleteCredential: grpc.handleUnaryCall<_kirogate_tokenbroker_v1_DeleteCredentialRequest__Output, _kirogate_tokenbroker_v1_DeleteCredentialResponse>;
  
  /**
   * Picks a credential for the caller and model and makes sure its access token is fresh.
   */
  LeaseCredential: grpc.handleUnaryCall<_kirogate_tokenbroker_v1_LeaseCredentialRequest__Output, _kirogate_tokenbroker_v1_Lease>;
  
  ListCredentials: grpc.handleUnaryCall<_kirogate_tokenbroker_v1_ListCredentialsRequest__Output, _kirogate_tokenbroker_v1_ListCredentialsResponse>;
  
  PoolStatus: grpc.handleUnaryCall<_kirogate_tokenbroker_v1_PoolStatusRequest__Output, _kirogate_tokenbroker_v1_PoolStatusResponse>;
  
  /**
   * After an upstream 401/403: forces one refresh of the leased credential and returns the new token.
   */
  RefreshLease: grpc.handleUnaryCall<_kirogate_tokenbroker_v1_RefreshLeaseRequest__Output, _kirogate_tokenbroker_v1_Lease>;
  
  /**
   * Validates a donated credential with one refresh and stores it encrypted.
   */
  RegisterCredential: grpc.handleUnaryCall<_kirogate_tokenbroker_v1_RegisterCredentialRequest__Output, _kirogate_tokenbroker_v1_CredentialSummary>;
  
  /**
   * Ends leases and feeds the scheduler. Batched: gateways send what they collected since the last call.
   */
  ReportOutcome: grpc.handleUnaryCall<_kirogate_tokenbroker_v1_ReportOutcomeRequest__Output, _kirogate_tokenbroker_v1_ReportOutcomeResponse>;
  
  /**
   * Stores backed-up rows already sealed with this keyring; skips ids or token hashes already stored.
   * Reloads the pool.
   */
  RestoreCredentials: grpc.handleUnaryCall<_kirogate_tokenbroker_v1_RestoreCredentialsRequest__Output, _kirogate_tokenbroker_v1_CredentialWriteCounts>;
  
  UpdateCredential: grpc.handleUnaryCall<_kirogate_tokenbroker_v1_UpdateCredentialRequest__Output, _kirogate_tokenbroker_v1_CredentialSummary>;
  
}

export interface TokenBrokerServiceDefinition extends grpc.ServiceDefinition {
  AdoptCredentials: MethodDefinition<_kirogate_tokenbroker_v1_AdoptCredentialsRequest, _kirogate_tokenbroker_v1_CredentialWriteCounts, _kirogate_tokenbroker_v1_AdoptCredentialsRequest__Output, _kirogate_tokenbroker_v1_CredentialWriteCounts__Output>
  CheckCredential: MethodDefinition<_kirogate_tokenbroker_v1_CheckCredentialRequest, _kirogate_tokenbroker_v1_CredentialCheckResult, _kirogate_tokenbroker_v1_CheckCredentialRequest__Output, _kirogate_tokenbroker_v1_CredentialCheckResult__Output>
  CountCredentialsByOwner: MethodDefinition<_kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest, _kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse, _kirogate_tokenbroker_v1_CountCredentialsByOwnerRequest__Output, _kirogate_tokenbroker_v1_CountCredentialsByOwnerResponse__Output>
  DeleteCredential: MethodDefinition<_kirogate_tokenbroker_v1_DeleteCredentialRequest, _kirogate_tokenbroker_v1_DeleteCredentialResponse, _kirogate_tokenbroker_v1_DeleteCredentialRequest__Output, _kirogate_tokenbroker_v1_DeleteCredentialResponse__Output>
  LeaseCredential: MethodDefinition<_kirogate_tokenbroker_v1_LeaseCredentialRequest, _kirogate_tokenbroker_v1_Lease, _kirogate_tokenbroker_v1_LeaseCredentialRequest__Output, _kirogate_tokenbroker_v1_Lease__Output>
  ListCredentials: MethodDefinition<_kirogate_tokenbroker_v1_ListCredentialsRequest, _kirogate_tokenbroker_v1_ListCredentialsResponse, _kirogate_tokenbroker_v1_ListCredentialsRequest__Output, _kirogate_tokenbroker_v1_ListCredentialsResponse__Output>
  PoolStatus: MethodDefinition<_kirogate_tokenbroker_v1_PoolStatusRequest, _kirogate_tokenbroker_v1_PoolStatusResponse, _kirogate_tokenbroker_v1_PoolStatusRequest__Output, _kirogate_tokenbroker_v1_PoolStatusResponse__Output>
  RefreshLease: MethodDefinition<_kirogate_tokenbroker_v1_RefreshLeaseRequest, _kirogate_tokenbroker_v1_Lease, _kirogate_tokenbroker_v1_RefreshLeaseRequest__Output, _kirogate_tokenbroker_v1_Lease__Output>
  RegisterCredential: MethodDefinition<_kirogate_tokenbroker_v1_RegisterCredentialRequest, _kirogate_tokenbroker_v1_CredentialSummary, _kirogate_tokenbroker_v1_RegisterCredentialRequest__Output, _kirogate_tokenbroker_v1_CredentialSummary__Output>
  ReportOutcome: MethodDefinition<_kirogate_tokenbroker_v1_ReportOutcomeRequest, _kirogate_tokenbroker_v1_ReportOutcomeResponse, _kirogate_tokenbroker_v1_ReportOutcomeRequest__Output, _kirogate_tokenbroker_v1_ReportOutcomeResponse__Output>
  RestoreCredentials: MethodDefinition<_kirogate_tokenbroker_v1_RestoreCredentialsRequest, _kirogate_tokenbroker_v1_CredentialWriteCounts, _kirogate_tokenbroker_v1_RestoreCredentialsRequest__Output, _kirogate_tokenbroker_v1_CredentialWriteCounts__Output>
  UpdateCredential: MethodDefinition<_kirogate_tokenbroker_v1_UpdateCredentialRequest, _kirogate_tokenbroker_v1_CredentialSummary, _kirogate_tokenbroker_v1_UpdateCredentialRequest__Output, _kirogate_tokenbroker_v1_CredentialSummary__Output>
}
