/**
 * The production build's own JavaScript (after `next build`): the flag edge and the launcher,
 * each one file in dist/ with the npm packages left as imports (`npm ci --omit=dev` provides
 * them), so the production start runs `node dist/…` and nothing else.
 */
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
