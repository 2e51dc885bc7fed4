/**
 * Creates an API token from the command line (the bootstrap admin):
 *   npm run token:create -- --role admin --name bootstrap
 * The secret is printed on the last line and nowhere else.
 */
import { parseArgs } from "node:util";
import { systemActor } from "@/lib/audit";
import { roleSchema } from "@/lib/auth/roles";
import { createApiToken } from "@/lib/auth/tokens";
import { closeDatabase } from "@/lib/db";
import { getConfig, resetConfigForTests } from "@/lib/config";
import { openDatabase } from "./database";

const { values } = parseArgs({ options: { role: { type: "string" }, name: { type: "string" } } });
const role = roleSchema.safeParse(values.role);
if (!role.success || !values.name?.trim()) {
  console.error("usage: npm run token:create -- --role viewer|operator|admin --name <name>");
  process.exit(2);
}

const database = await openDatabase(getConfig());
process.env.DATABASE_URL = database.url;
resetConfigForTests();
try {
  const { token, apiToken } = await createApiToken({ name: values.name.trim(), role: role.data }, systemActor("cli"));
  console.error(`created ${apiToken.role} token "${apiToken.name}" (${apiToken.id}); it is shown once:`);
  console.log(token);
} finally {
  await closeDatabase();
  await database.release();
}
