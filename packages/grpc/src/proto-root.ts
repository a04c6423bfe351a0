import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repo's `proto/` folder; `src/` and `dist/` sit at the same depth, so one path serves both. */
export const protoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../proto');
