// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

export const Visibility = {
  VISIBILITY_UNSPECIFIED: 'VISIBILITY_UNSPECIFIED',
  VISIBILITY_PUBLIC: 'VISIBILITY_PUBLIC',
  VISIBILITY_PRIVATE: 'VISIBILITY_PRIVATE',
} as const;

export type Visibility =
  | 'VISIBILITY_UNSPECIFIED'
  | 0
  | 'VISIBILITY_PUBLIC'
  | 1
  | 'VISIBILITY_PRIVATE'
  | 2

export type Visibility__Output = typeof Visibility[keyof typeof Visibility]
