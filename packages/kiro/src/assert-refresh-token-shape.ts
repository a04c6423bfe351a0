import { AppError } from '@kirogate/errors';

const minimumLength = 100;

/**
 * Rejects refresh tokens copied from the Kiro IDE UI, which shows them shortened with `...`. The
 * message names where the token came from but never includes any part of it.
 */
export function assertRefreshTokenShape(token: string, source: string): void {
  if (token.length < minimumLength || token.includes('...')) {
    throw new AppError(
      'INVALID_REQUEST',
      `${source}: the refresh token looks truncated (shorter than ${minimumLength} characters or ` +
        `containing "..."); copy the full token from the Kiro token file`,
      { param: 'refreshToken' },
    );
  }
}
