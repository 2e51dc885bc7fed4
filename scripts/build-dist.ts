/**
 * The production build's own JavaScript (after `next build`): the flag edge and the launcher,
 * each one file in dist/ with the npm packages left as imports (`npm ci --omit=dev` provides
 * them), so the production start runs `node dist/…` and nothing else. Also completes Next's
 * standalone folder with the static files it serves but `next build` leaves outside it.
 */
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const standalone = path.join(distDir, "standalone");
if (!existsSync(path.join(standalone, "server.js"))) throw new Error(`${standalone}/server.js is missing: run \`next build\` first`);
for (const [from, to] of [
  [path.join(distDir, "static"), path.join(standalone, distDir, "static")],
  ["public", path.join(standalone, "public")],
  // Read at run time from the working directory, which the standalone server makes its own folder.
  ["lib/runbooks/content", path.join(standalone, "lib/runbooks/content")],
] as const) {
  rmSync(to, { recursive: true, force: true });
  if (existsSync(from)) cpSync(from, to, { recursive: true });
}

import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const entries = { "flag-edge": "scripts/flag-edge.ts", launcher: "scripts/launcher.ts" };

await build({
  entryPoints: entries,
  outdir: "dist",
  outExtension: { ".js": ".js" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  alias: { "@": "." },
  logLevel: "warning",
  banner: { js: "// Built by scripts/build-dist.ts; edit the sources, not this file." },
});
console.log(`dist/: ${Object.keys(entries).map((name) => `${name}.js`).join(", ")}`);
