import { expect, test, tokenFor } from "./fixtures";

// Until sign-in lands, the browser calls the API with a viewer's token.
test.beforeEach(async ({ page }) => {
  await page.setExtraHTTPHeaders({ Authorization: `Bearer ${tokenFor("viewer")}` });
});

test.describe("the Metrics page", () => {
  test("draws the demo series with their targets, and keeps range and series in the URL", async ({ page }) => {
    await page.goto("/metrics?range=6h");
    await expect(page.getByRole("button", { name: "6h" })).toHaveAttribute("aria-pressed", "true");
    const latency = page.getByTestId("chart-auth_latency");
    await expect(latency).toBeVisible({ timeout: 30_000 });
    // Targets are named in a key under each plot, not on the plot where the lines would cross them.
    const keyOf = (id: string) => page.getByTestId(`chart-${id}`).locator("xpath=..").getByRole("list", { name: "Targets drawn" });
    await expect(keyOf("auth_latency")).toContainText("p99 alert 600");
    await expect(keyOf("auth_latency")).toContainText("target 500 ± 50 ms");
    await expect(latency.getByText("p99 alert 600")).toHaveCount(0);
    await expect(keyOf("cache_hit_rate")).toContainText("target 60 %");
    await expect(keyOf("lockouts")).toContainText("10/h");
    // The alert rules placed on a chart draw their thresholds on it, named in the key.
    await expect(keyOf("cache_hit_rate")).toContainText("CacheHitRateLow < 60 %");
    await expect(keyOf("lockouts")).toContainText("LockoutsPerHourHigh > 10");

    await page.getByRole("button", { name: "24h" }).click();
    await expect(page).toHaveURL(/range=24h/);
    await page.getByRole("checkbox", { name: "Lockouts per hour" }).uncheck();
    await expect(page).toHaveURL(/series=/);
    await expect(page.getByTestId("chart-lockouts")).toHaveCount(0);

    // The deep link restores the same view.
    await page.reload();
    await expect(page.getByRole("button", { name: "24h" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("checkbox", { name: "Lockouts per hour" })).not.toBeChecked();
  });

  test("pauses auto-refresh visibly and links a clicked point to its traces", async ({ page }) => {
    await page.goto("/metrics?range=1h&series=auth_latency");
    await page.getByRole("button", { name: "Pause auto-refresh" }).click();
    await expect(page.getByText("Auto-refresh paused")).toBeVisible();
    await expect(page).toHaveURL(/refresh=off/);
    const chart = page.getByTestId("chart-auth_latency");
    await expect(chart).toBeVisible({ timeout: 30_000 });
    const box = await chart.boundingBox();
    await page.mouse.move(box!.x + box!.width * 0.6, box!.y + box!.height * 0.5);
    await page.mouse.click(box!.x + box!.width * 0.6, box!.y + box!.height * 0.5);
    const link = page.getByRole("link", { name: /^Traces from/ });
    await expect(link).toHaveAttribute("href", /\/traces\?from=.*&to=/);
  });

  test("sorts the error table", async ({ page }) => {
    await page.goto("/metrics?range=24h&series=error_rate");
    const table = page.getByRole("table", { name: "Errors per endpoint" });
    await expect(table).toBeVisible({ timeout: 30_000 });
    await table.getByRole("button", { name: /Errors/ }).click();
    await expect(table.getByRole("columnheader", { name: /Errors/ })).toHaveAttribute("aria-sort", "descending");
    const counts = await table.locator("tbody tr td:nth-child(2)").allInnerTexts();
    expect(counts.map(Number)).toEqual([...counts.map(Number)].sort((a, b) => b - a));
  });

  test("takes a custom range, refusing an inverted one before asking the server", async ({ page }) => {
    await page.goto("/metrics");
    await page.getByRole("button", { name: "Custom" }).click();
    await page.getByLabel(/^From \(/).fill("2026-01-02T00:00");
    await page.getByLabel(/^To \(/).fill("2026-01-01T00:00");
    await expect(page.getByRole("alert").filter({ hasText: "The start must be before the end." })).toBeVisible();
    await expect(page.getByRole("button", { name: "Apply" })).toHaveAttribute("aria-disabled", "true");
    await page.getByLabel(/^To \(/).fill("2026-01-02T06:00");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/range=custom&from=.*&to=/);
  });
});

test.describe("the charts the runbooks cite", () => {
  const keyOf = (page: import("@playwright/test").Page, id: string) =>
    page.getByTestId(`chart-${id}`).locator("xpath=..").getByRole("list", { name: "Targets drawn" });
  const cited = [
    { runbook: "tracing", link: /^Request latency chart/, chart: "request_latency", target: "p99 target 1000 ms" },
    { runbook: "vector-search-errors", link: /^Vector search success chart/, chart: "vector_search_success_rate", target: "target 95 %" },
    { runbook: "stale-cache", link: /^Cache invalidations per hour chart/, chart: "cache_invalidations", target: "limit: 10 % of cache operations" },
    { runbook: "rate-limit-false-positives", link: /^Locked users chart/, chart: "locked_users", target: "alert above 5 locked" },
    { runbook: "saga-failures", link: /^Saga compensations per hour chart/, chart: "saga_compensations", target: "limit: 1 % of transactions" },
  ];
  for (const { runbook, link, chart, target } of cited) {
    test(`the ${runbook} runbook links to the ${chart} chart, drawn from the demo's data with "${target}" in its key`, async ({ page }) => {
      await page.goto(`/runbooks/${runbook}`);
      await page.getByRole("link", { name: link }).click();
      await expect(page).toHaveURL(new RegExp(`/metrics\\?series=${chart}$`));
      // The plot (not the empty state) is drawn: the demo writes every one of these series.
      await expect(page.getByTestId(`chart-${chart}`)).toBeVisible({ timeout: 30_000 });
      await expect(keyOf(page, chart)).toContainText(target);
    });
  }

  test("the trace list draws the p50 and p99 of its traces with the 1 s alert line", async ({ page }) => {
    await page.goto("/runbooks/tracing");
    await page.getByRole("link", { name: /^Traces \(duration scatter/ }).click();
    const key = page.getByRole("list", { name: "Duration lines drawn" });
    await expect(key).toContainText(/p50 \d/, { timeout: 30_000 });
    await expect(key).toContainText(/p99 \d/);
    await expect(key).toContainText("p99 alert 1.00 s");
  });
});

test.describe("the Pools page", () => {
  test("shows each reported pool against 70 % with the queue warning and the leak hint", async ({ page }) => {
    await page.goto("/pools?range=24h");
    await expect(page.getByRole("heading", { name: /api/ })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("heading", { name: /reports/ })).toBeVisible();
    await expect(page.getByText(/More than 5 requests queued/).first()).toBeVisible();
    await expect(page.getByText(/Possible connection leak/)).toBeVisible();
    await expect(page.getByText(/max 20 connections/)).toBeVisible();
  });
});

test.describe("on a phone @phone", () => {
  for (const path of ["/metrics", "/pools"]) {
    test(`${path} fits 375 px with its charts`, async ({ page }) => {
      await page.goto(path);
      await expect(page.locator("h1").first()).toBeVisible();
      await expect(page.locator(".recharts-surface").first()).toBeVisible({ timeout: 30_000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});
