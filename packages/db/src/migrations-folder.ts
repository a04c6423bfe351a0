import { fileURLToPath } from 'node:url';

/** `packages/db/migrations`, whether this runs from `src/` or from `dist/`. */
export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));
