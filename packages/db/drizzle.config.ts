import { defineConfig } from 'drizzle-kit';

/** Only for `npm run db:generate`, which diffs the schema against the last snapshot; no database needed. */
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/schema/users.ts', './src/schema/credentials.ts', './src/schema/usage.ts'],
  out: './migrations',
  strict: true,
});
