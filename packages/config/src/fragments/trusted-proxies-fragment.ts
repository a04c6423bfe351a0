import { isIP } from 'node:net';
import { z } from 'zod';

const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (namedRanges.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * Which peers may set X-Forwarded-For/-Proto/-Host: express `trust proxy` addresses, CIDR ranges and
 * the names `loopback`, `linklocal`, `uniquelocal`, comma-separated. Every service that reads a
 * client IP (per-IP limits, IP statistics, the blacklist) uses it.
 */
export const trustedProxiesFragment = {
  TRUSTED_PROXIES: z
    .string()
    .trim()
    .min(1)
    .default('loopback, linklocal, uniquelocal')
    .refine(
      (value) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .every(isProxyEntry),
      { message: 'expected addresses, CIDR ranges or loopback/linklocal/uniquelocal, comma-separated' },
    ),
};
