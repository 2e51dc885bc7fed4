import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/config";

// On the embedded defaults a secret is generated once and kept beside the embedded database, so
// sessions survive restarts without anyone having to configure one. Production requires AUTH_SECRET.
const SECRET_FILE = path.join(".data", "auth-secret");

/** The secret stored under .data/, created on first use. */
export function persistedAuthSecret(): string {
  try {
    return readFileSync(SECRET_FILE, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(SECRET_FILE), { recursive: true });
    try {
      // "wx": if another process created it meanwhile, theirs wins and we read it back.
      writeFileSync(SECRET_FILE, randomBytes(33).toString("base64url"), { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    return readFileSync(SECRET_FILE, "utf8").trim();
  }
}

let cached: string | undefined;

/** The key that encrypts session cookies. */
export function authSecret(): string {
  cached ??= getConfig().AUTH_SECRET ?? persistedAuthSecret();
  return cached;
}
