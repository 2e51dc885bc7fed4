import type { Page } from "@playwright/test";
import { expect, test, tokenFor } from "./fixtures";

// Runs in the "phone" project (375 px). Every table an operator meets during an incident shows
// its key columns as cards: nothing scrolls sideways, neither the page nor the table.

/** Neither the page nor any table region scrolls sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    tables: [...document.querySelectorAll('[role="region"]:has(table)')].map((region) => region.scrollWidth - region.clientWidth),
  }));
  expect(overflow.page, "the page is wider than the phone").toBeLessThanOrEqual(0);
  for (const table of overflow.tables) expect(table, "a table scrolls sideways").toBeLessThanOrEqual(0);
}

/** The first row's cell of this column is on screen, inside the phone's width. */
async function expectColumnVisible(page: Page, table: string, column: string) {
  const cell = page.getByRole("table", { name: table }).locator(`td[data-label="${column}"]`).first();
  await expect(cell, `${table}: ${column}`).toBeVisible();
  const box = (await cell.boundingBox())!;
  expect(box.x + box.width, `${table}: ${column} runs off the screen`).toBeLessThanOrEqual(375);
}

const PAGES: { path: string; table: string; columns: string[] }[] = [
  { path: "/metrics?range=24h&series=error_rate", table: "Errors per endpoint", columns: ["Endpoint", "Error rate", "Errors"] },
  { path: "/traces", table: "Traces", columns: ["Root span", "Duration", "Errors", "Started"] },
  { path: "/audit", table: "Audit entries", columns: ["When", "Actor", "Action", "Target"] },
  { path: "/dependencies", table: "Dependencies", columns: ["Dependency", "Status", "Latency (ms)", "Circuit breaker"] },
  { path: "/ratelimit", table: "Top emails", columns: ["Email", "Failures", "Lockouts", "Last attempt"] },
];

test.describe("tables on a phone @phone", () => {
  for (const { path, table, columns } of PAGES) {
    test(`${path}: ${table} shows ${columns.join(", ")} without sideways scrolling`, async ({ page, request }) => {
      if (path === "/ratelimit") {
        // A failed sign-in with a long address, so the threats tables have a row to show.
        const data = { email: "a.rather.long.address.for.a.phone@departments.example.com", success: false, ip: "203.0.113.77", department: "Phone QA" };
        expect((await request.post("/api/ratelimit/login-attempts", { headers: { Authorization: `Bearer ${tokenFor("operator")}` }, data })).status()).toBe(200);
      }
      await page.goto(path);
      await expect(page.getByRole("table", { name: table })).toBeVisible({ timeout: 20_000 });
      for (const column of columns) await expectColumnVisible(page, table, column);
      await expectNoSidewaysScroll(page);
    });
  }
});
