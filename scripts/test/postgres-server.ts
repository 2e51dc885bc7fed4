import { execFile } from "node:child_process";
import { chownSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";
import { privateServer } from "./private-server";

const run = promisify(execFile);
const BIN = process.env.POSTGRES_BIN_DIR ?? "/usr/lib/postgresql/15/bin";

/**
 * A PostgreSQL cluster of a test's own (initdb into a temp dir, pg_ctl on its own port), for fault
 * tests that stop and start the database under running instances. Never the machine's 5432.
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user.
 */
export async function startPrivatePostgres(port: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "opsdeck-pg-"));
  const dataDir = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pgTool = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(BIN, tool), ...args]) : run(path.join(BIN, tool), args);

  await pgTool("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = async () => {
    await pgTool("pg_ctl", ["-D", dataDir, "-l", path.join(dir, "log"), "-o", options, "-w", "-t", "30", "start"]);
  };
  /** `fast`: open sessions are terminated (57P01), as when an operator restarts the server. */
  const stop = async () => {
    await pgTool("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]).catch(() => undefined);
  };

  await start();
  const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query("CREATE DATABASE opsdeck");
  await admin.end();
  const url = `postgresql://postgres@127.0.0.1:${port}/opsdeck`;
  await migrate(url);
  return privateServer({ url, start, stop }, dir);
}
