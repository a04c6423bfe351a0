import { AppError } from '@kirogate/errors';

export function lockTimeout(name: string, waitMs: number): AppError {
  return new AppError('LOCK_TIMEOUT', `Lock "${name}" was not acquired within ${waitMs} ms`);
}

export function lockLost(name: string): AppError {
  return new AppError('DEPENDENCY_UNAVAILABLE', `Lock "${name}" was lost`);
}
