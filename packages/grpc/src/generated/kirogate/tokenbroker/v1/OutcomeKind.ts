// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

export const OutcomeKind = {
  OUTCOME_KIND_UNSPECIFIED: 'OUTCOME_KIND_UNSPECIFIED',
  OUTCOME_KIND_SUCCESS: 'OUTCOME_KIND_SUCCESS',
  OUTCOME_KIND_THROTTLED: 'OUTCOME_KIND_THROTTLED',
  OUTCOME_KIND_UNAUTHORIZED: 'OUTCOME_KIND_UNAUTHORIZED',
  OUTCOME_KIND_QUOTA_EXHAUSTED: 'OUTCOME_KIND_QUOTA_EXHAUSTED',
  OUTCOME_KIND_SUSPENDED: 'OUTCOME_KIND_SUSPENDED',
  OUTCOME_KIND_UPSTREAM_ERROR: 'OUTCOME_KIND_UPSTREAM_ERROR',
  OUTCOME_KIND_BAD_REQUEST: 'OUTCOME_KIND_BAD_REQUEST',
  OUTCOME_KIND_CLIENT_ABORT: 'OUTCOME_KIND_CLIENT_ABORT',
  /**
   * The request failed inside the gateway (a bug, a dependency): nothing is known of the credential.
   */
  OUTCOME_KIND_GATEWAY_ERROR: 'OUTCOME_KIND_GATEWAY_ERROR',
} as const;

export type OutcomeKind =
  | 'OUTCOME_KIND_UNSPECIFIED'
  | 0
  | 'OUTCOME_KIND_SUCCESS'
  | 1
  | 'OUTCOME_KIND_THROTTLED'
  | 2
  | 'OUTCOME_KIND_UNAUTHORIZED'
  | 3
  | 'OUTCOME_KIND_QUOTA_EXHAUSTED'
  | 4
  | 'OUTCOME_KIND_SUSPENDED'
  | 5
  | 'OUTCOME_KIND_UPSTREAM_ERROR'
  | 6
  | 'OUTCOME_KIND_BAD_REQUEST'
  | 7
  | 'OUTCOME_KIND_CLIENT_ABORT'
  | 8
  /**
   * The request failed inside the gateway (a bug, a dependency): nothing is known of the credential.
   */
  | 'OUTCOME_KIND_GATEWAY_ERROR'
  | 9

export type OutcomeKind__Output = typeof OutcomeKind[keyof typeof OutcomeKind]
