// drizzle-kit configuration: the schema in src/db/schema.ts generates the SQL in migrations/.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations',
});
