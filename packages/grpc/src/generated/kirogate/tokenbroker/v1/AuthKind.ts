// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

export const AuthKind = {
  AUTH_KIND_UNSPECIFIED: 'AUTH_KIND_UNSPECIFIED',
  AUTH_KIND_SOCIAL: 'AUTH_KIND_SOCIAL',
  AUTH_KIND_IDC: 'AUTH_KIND_IDC',
} as const;

export type AuthKind =
  | 'AUTH_KIND_UNSPECIFIED'
  | 0
  | 'AUTH_KIND_SOCIAL'
  | 1
  | 'AUTH_KIND_IDC'
  | 2

export type AuthKind__Output = typeof AuthKind[keyof typeof AuthKind]
