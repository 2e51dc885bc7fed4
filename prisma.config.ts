import { defineConfig } from "prisma/config";

// Only the CLI reads this file (generate, and `migrate deploy` where the schema engine exists).
// Opsdeck itself applies prisma/migrations with lib/db/migrate.ts.
export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://127.0.0.1:5432/opsdeck" },
});
