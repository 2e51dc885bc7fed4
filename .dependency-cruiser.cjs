/**
 * Opsdeck's layering, checked by `npm test` (scripts/test.sh): no import cycles anywhere; app/
 * (routes) may import lib/ and components/; components/ never imports app/; lib/ never imports
 * app/ or components/. Type-only imports count: a type cycle is a layering cycle too.
 */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "An import cycle ties modules together (logging → tracing → trace storage → logging was one); break it by moving the shared part down.",
      from: {},
      to: { circular: true },
    },
    {
      name: "lib-is-below-app-and-components",
      severity: "error",
      comment: "lib/ holds logic and schemas shared by server and client; it never reaches up into routes or UI.",
      // Tests beside lib/ code drive the route handlers in app/, as a caller would.
      from: { path: "^lib/", pathNot: "\\.test\\.tsx?$" },
      to: { path: "^(app|components)/" },
    },
    {
      name: "components-never-import-app",
      severity: "error",
      comment: "app/ holds routes only; a component needed by two routes lives in components/.",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "ioredis-through-lib-ioredis",
      severity: "error",
      comment: "lib/ioredis.ts keeps String.prototype fast once ioredis has loaded (it says how); a module importing ioredis itself may load it where that never runs.",
      from: { path: "^lib/", pathNot: ["^lib/ioredis\\.ts$", "\\.test\\.tsx?$"] },
      to: { path: "node_modules/ioredis/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      comment: "Type-only imports of @types packages (unist, mdast) and Next's bundled server-only marker resolve at build time only.",
      from: {},
      to: { couldNotResolve: true, pathNot: "^(server-only|unist|mdast)$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(lib/generated|\\.next|\\.data)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
  },
};
