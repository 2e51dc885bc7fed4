import { readFileSync } from "node:fs";
import { test as base, expect } from "@playwright/test";
import type { Role } from "@/lib/auth/roles";

/** API tokens per role, issued by scripts/test/e2e-server.ts for this run. */
export function tokenFor(role: Role): string {
  const tokens = JSON.parse(readFileSync(".data/e2e/tokens.json", "utf8")) as Record<Role, string>;
  return tokens[role];
}

/** A page that fails the test on any console error or uncaught exception. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "console errors on the page").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
