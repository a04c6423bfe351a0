import { AppError } from '@kirogate/errors';

// Regions are interpolated into host names, so anything else could send tokens to another host.
const regionPattern = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export const defaultRegion = 'us-east-1';

export function assertAwsRegion(region: string, source: string): string {
  if (!regionPattern.test(region)) {
    throw new AppError('INVALID_REQUEST', `${source}: "${region.slice(0, 32)}" is not an AWS region`, {
      param: 'region',
    });
  }
  return region;
}
