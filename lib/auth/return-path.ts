/**
 * Where to send a person after sign-in. Only a path on Opsdeck's own origin is followed; anything
 * else (another host, a protocol-relative `//evil`, backslashes browsers read as slashes, encoded
 * or control-character tricks, `javascript:`) falls back to the overview. The result is a path,
 * never an absolute URL, so reusing it in a Location header cannot leave the origin.
 */
const FALLBACK = "/";
const PLACEHOLDER_ORIGIN = "http://opsdeck.invalid";
// Control characters (tabs, newlines) are stripped by URL parsers, which turns `/\t/evil` into `//evil`.
const CONTROL = /[\u0000-\u001f\u007f]/;

function decodedRepeatedly(value: string): string {
  let current = value;
  for (let round = 0; round < 3; round++) {
    try {
      const next = decodeURIComponent(current);
      if (next === current) break;
      current = next;
    } catch {
      break;
    }
  }
  return current;
}

/** Path + query to return to. `origin` lets an absolute URL on Opsdeck's own origin through. */
export function safeReturnPath(raw: unknown, origin?: string): string {
  if (typeof raw !== "string" || raw === "") return FALLBACK;
  let candidate = raw;
  if (origin && (candidate === origin || candidate.startsWith(`${origin}/`) || candidate.startsWith(`${origin}?`))) {
    candidate = candidate.slice(origin.length) || FALLBACK;
  }
  const decoded = decodedRepeatedly(candidate);
  if (CONTROL.test(decoded) || decoded.includes("\\")) return FALLBACK;
  if (!candidate.startsWith("/") || decoded.startsWith("//") || candidate.startsWith("//")) return FALLBACK;
  let url: URL;
  try {
    url = new URL(candidate, PLACEHOLDER_ORIGIN);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return FALLBACK;
  // Fragments never reach the server; the path is re-checked after the parser normalised it (`/a/..//evil`).
  const path = `${url.pathname}${url.search}`;
  return path.startsWith("//") || decodedRepeatedly(url.pathname).startsWith("//") ? FALLBACK : path;
}
