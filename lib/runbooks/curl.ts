import { parse as parseShell, type ParseEntry } from "shell-quote";
import type { Endpoint } from "@/lib/api/endpoint";
import type { Role } from "@/lib/auth/roles";
import type { RunbookApiCall } from "@/lib/runbooks/schemas";

/** The parts of a catalog entry a runbook needs to turn a curl line into a call. */
export type CatalogEntry = Pick<Endpoint, "method" | "path" | "access">;

/**
 * Hosts that mean "Opsdeck itself" in a runbook's curl line. The seeds write
 * `http://localhost:3000`; a bare path counts too. Any other host is outside Opsdeck.
 */
const OPSDECK_HOSTS = new Set(["localhost", "127.0.0.1", "opsdeck"]);

/** curl options that take a value (the next word), so that value is not taken for the URL. */
const OPTIONS_WITH_VALUE = new Set([
  "-X", "--request", "-H", "--header", "-d", "--data", "--data-raw", "--data-binary", "--json",
  "-o", "--output", "-u", "--user", "-w", "--write-out", "-m", "--max-time", "-b", "--cookie",
]);
const DATA_OPTIONS = new Set(["-d", "--data", "--data-raw", "--data-binary", "--json"]);

export type CurlReading =
  | { kind: "none" }
  | { kind: "external" }
  | { kind: "opsdeck"; call: Omit<RunbookApiCall, "highlight"> }
  | { kind: "invalid"; problem: string };

/** Shell words of a command: comments dropped, backslash line continuations joined, `$VAR` kept as written. */
function words(command: string): ParseEntry[] {
  const joined = command
    .split("\n")
    .filter((line) => !line.trim().startsWith("#"))
    .join("\n")
    .replace(/\\\n\s*/g, " ");
  return parseShell(joined, (name) => `$${name}`);
}

/** Splits shell words into simple commands at operators (`|`, `;`, `&&`, newlines are gone already). */
function simpleCommands(entries: ParseEntry[]): { words: string[]; after?: string }[] {
  const commands: { words: string[]; after?: string }[] = [{ words: [] }];
  for (const entry of entries) {
    if (typeof entry === "string") commands[commands.length - 1]!.words.push(entry);
    else if ("op" in entry && entry.op !== "glob") {
      commands[commands.length - 1]!.after = entry.op;
      commands.push({ words: [] });
    } else if ("pattern" in entry) commands[commands.length - 1]!.words.push(entry.pattern);
  }
  return commands.filter((command) => command.words.length > 0);
}

function opsdeckPath(url: string): string | null {
  if (url.startsWith("/")) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!OPSDECK_HOSTS.has(parsed.hostname)) return null;
  return `${parsed.pathname}${parsed.search}`;
}

/**
 * The path parameters of a concrete path (query ignored) under a catalog template such as
 * `/api/admin/feature-flags/{name}`, decoded; null when the path does not fit the template.
 */
export function templateParams(template: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const pattern = template
    .split("/")
    .map((segment) => {
      const name = /^\{([^}]+)\}$/.exec(segment)?.[1];
      if (!name) return segment.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      names.push(name);
      return "([^/]+)";
    })
    .join("/");
  const match = new RegExp(`^${pattern}$`).exec(path.split("?")[0]!);
  if (!match) return null;
  try {
    return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
  } catch {
    return null;
  }
}

/** The catalog entry a method and path belong to; literal templates beat parameterised ones. */
export function findEndpoint(catalog: readonly CatalogEntry[], method: string, path: string): CatalogEntry | undefined {
  const candidates = catalog.filter((entry) => entry.method === method && templateParams(entry.path, path) !== null);
  return candidates.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0))[0];
}

function minimumRole(access: CatalogEntry["access"]): Role {
  return access === "public" ? "viewer" : access;
}

/**
 * Reads a runbook command. A curl to Opsdeck becomes a call the page can run (method, relative
 * path, JSON body, role from the catalog); it must be the command's only step apart from a
 * trailing `| jq …`, and its path must be one of Opsdeck's endpoints. Anything else (psql,
 * systemctl, a curl to another host) stays external.
 */
export function readCommand(command: string, catalog: readonly CatalogEntry[]): CurlReading {
  const commands = simpleCommands(words(command));
  const curls = commands.filter((simple) => simple.words[0] === "curl");
  const opsdeckCurls = curls.filter((simple) => {
    const url = simple.words.slice(1).find((word, index, rest) => !word.startsWith("-") && !OPTIONS_WITH_VALUE.has(rest[index - 1] ?? ""));
    return url !== undefined && opsdeckPath(url) !== null;
  });
  if (commands.length === 0) return { kind: "none" };
  if (opsdeckCurls.length === 0) return { kind: "external" };
  const others = commands.filter((simple) => simple.words[0] !== "curl" && simple.words[0] !== "jq");
  if (opsdeckCurls.length > 1 || others.length > 0 || curls.length > 1) {
    return { kind: "invalid", problem: `an Opsdeck curl must be the step's only command (split it): ${command.trim()}` };
  }

  const curlWords = opsdeckCurls[0]!.words.slice(1);
  let method: string | undefined;
  let data: string | undefined;
  let url: string | undefined;
  for (let index = 0; index < curlWords.length; index++) {
    const word = curlWords[index]!;
    if (OPTIONS_WITH_VALUE.has(word)) {
      const value = curlWords[++index];
      if (word === "-X" || word === "--request") method = value?.toUpperCase();
      if (DATA_OPTIONS.has(word)) data = value;
    } else if (!word.startsWith("-") && url === undefined) url = word;
  }
  const path = opsdeckPath(url!)!;
  const httpMethod = method ?? (data === undefined ? "GET" : "POST");
  const endpoint = findEndpoint(catalog, httpMethod, path);
  if (!endpoint) return { kind: "invalid", problem: `${httpMethod} ${path} is not an Opsdeck endpoint` };

  let body: unknown;
  if (data !== undefined) {
    try {
      body = JSON.parse(data);
    } catch {
      return { kind: "invalid", problem: `the body of ${httpMethod} ${path} is not JSON: ${data}` };
    }
  }
  return {
    kind: "opsdeck",
    call: {
      method: endpoint.method,
      path,
      endpoint: endpoint.path,
      ...(body === undefined ? {} : { body }),
      mutating: endpoint.method !== "GET",
      minimumRole: minimumRole(endpoint.access),
    },
  };
}

/** A word as the shell reads it back unchanged: bare when it is plainly safe, else in single quotes. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_/.:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The `| jq …` a runbook's curl line ends with, as written (words re-quoted), or "" without one. */
export function trailingPipe(command: string): string {
  const jq = simpleCommands(words(command)).find((simple) => simple.words[0] === "jq");
  return jq ? ` | ${jq.words.map(shellWord).join(" ")}` : "";
}

/**
 * A runbook's call to Opsdeck as a curl line that works when pasted into a terminal: the server's
 * public origin instead of the runbook's `localhost:3000`, the caller's token from `$OPSDECK_TOKEN`
 * (double quotes, so the shell expands it), the path and body as edited on the page, and the
 * runbook's own `| jq …` kept.
 */
export function copyableCurl(call: { method: string; path: string; bodyJson?: string }, origin: string, pipe = ""): string {
  const lines = [`curl -sS${call.method === "GET" ? "" : ` -X ${call.method}`} ${shellWord(`${origin}${call.path}`)}`, `-H "Authorization: Bearer $OPSDECK_TOKEN"`];
  if (call.bodyJson) lines.push(`-H 'Content-Type: application/json'`, `-d ${shellWord(call.bodyJson)}`);
  return `${lines.join(" \\\n  ")}${pipe}`;
}
