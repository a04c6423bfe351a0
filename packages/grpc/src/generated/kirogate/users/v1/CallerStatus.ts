// Original file: proto/kirogate/users/v1/user_service.proto

export const CallerStatus = {
  CALLER_STATUS_UNSPECIFIED: 'CALLER_STATUS_UNSPECIFIED',
  CALLER_STATUS_ACTIVE: 'CALLER_STATUS_ACTIVE',
  CALLER_STATUS_BANNED: 'CALLER_STATUS_BANNED',
} as const;

export type CallerStatus =
  | 'CALLER_STATUS_UNSPECIFIED'
  | 0
  | 'CALLER_STATUS_ACTIVE'
  | 1
  | 'CALLER_STATUS_BANNED'
  | 2

export type CallerStatus__Output = typeof CallerStatus[keyof typeof CallerStatus]
