import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration to drizzle/ after a change to the schema.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/server/db/schema.ts', './src/server/lti/schema.ts'],
  out: './drizzle',
});
