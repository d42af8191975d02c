import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from src/db/schema; they are checked in and applied at start-up.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
});
