// ESLint (flat config), run by `npm test`: Next.js's rules (core web vitals, TypeScript) plus an
// import-cycle rule, so a cycle fails the linter as well as dependency-cruiser (.dependency-cruiser.cjs).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import importX from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    files: ["**/*.{ts,tsx,mts,cts}"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
      // import-x reads only .js files it is told about; Opsdeck's modules are TypeScript.
      "import-x/extensions": [".ts", ".tsx", ".js", ".mjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
    },
    rules: {
      // Type-only imports count: a type cycle ties the layers together as much as a value cycle.
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      // `{ secret: _secret, ...rest }` is how a field is left out of a copy.
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  { ignores: [".next*/**", "dist/**", ".data/**", "lib/generated/**", "node_modules/**", "public/**", "next-env.d.ts"] },
];

export default config;
