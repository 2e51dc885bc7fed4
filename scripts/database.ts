import pg from "pg";
import type { Config } from "@/lib/config";
import { type EmbeddedDatabase, embeddedPostgresUrl, startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The database a command-line entry point should use: DATABASE_URL when set; otherwise the
 * embedded PostgreSQL — reused when a running Opsdeck already started it, else started here
 * (and stopped by the returned `release`). Migrations are applied either way.
 */
export async function openDatabase(config: Config): Promise<{ url: string; embedded: boolean; release(): Promise<void> }> {
  let server: EmbeddedDatabase | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    const running = embeddedPostgresUrl(config.EMBEDDED_PG_PORT);
    if (await answers(running)) url = running;
    else {
      server = await startEmbeddedPostgres({ dataDir: config.EMBEDDED_PG_DATA_DIR, port: config.EMBEDDED_PG_PORT });
      url = server.url;
    }
  }
  await migrate(url);
  return { url, embedded: !config.DATABASE_URL, release: async () => server?.stop() };
}
