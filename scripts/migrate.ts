/** `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (or the embedded database). */
import { getConfig } from "@/lib/config";
import { openDatabase } from "./database";

const database = await openDatabase(getConfig());
console.log(`migrations applied to ${new URL(database.url).pathname.slice(1)}`);
await database.release();
