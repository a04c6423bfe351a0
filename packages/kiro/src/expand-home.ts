import { homedir } from 'node:os';
import { join } from 'node:path';

/** Expands a leading `~` the way a shell would for `KIRO_CREDS_FILE=~/.aws/sso/cache/…`. */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}
