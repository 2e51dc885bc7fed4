import { afterAll, inject } from "vitest";
import { closeDatabase } from "@/lib/db";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.LOG_LEVEL ??= "silent";

afterAll(async () => {
  await closeDatabase();
});
