/**
 * Prints the Cookie header of a person signed in with a role (scripts/test/requests.ts's
 * sessionFor), against DATABASE_URL and AUTH_SECRET, for e2e specs: Playwright's loader cannot
 * import next-auth's modules itself.
 *   tsx scripts/test/session-cookie.ts <role> <name>
 */
import { ROLES, type Role } from "@/lib/auth/roles";
import { closeDatabase } from "@/lib/db";
import { sessionFor } from "./requests";

const [role, name] = process.argv.slice(2);
if (!ROLES.includes(role as Role) || !name) throw new Error("usage: session-cookie.ts <role> <name>");
process.stdout.write(await sessionFor(role as Role, { name }));
await closeDatabase();
