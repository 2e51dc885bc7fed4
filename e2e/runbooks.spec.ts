import { execFileSync } from "node:child_process";
import type { Page } from "@playwright/test";
import { expect, signedInAs, test, tokenFor } from "./fixtures";

// Signed in as the setup project's admin unless a test signs in with another role.

/** A step of the checklist, by its stable id. */
const step = (page: Page, id: string) => page.locator(`li[data-step-id="${id}"]`);

test.describe("runbooks", () => {
  test("searches by symptom, keeps the search in the URL, and opens a result", async ({ page }) => {
    await page.goto("/runbooks");
    await expect(page.getByRole("heading", { level: 1, name: "Runbooks" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Runbooks" }).getByRole("listitem").filter({ has: page.getByRole("heading") })).toHaveCount(12);

    await page.getByLabel("Search runbooks").fill("locked out");
    await expect(page).toHaveURL(/\/runbooks\?q=locked\+out$/);
    const results = page.getByRole("list", { name: "Runbooks" });
    await expect(results.getByRole("heading").first()).toHaveText("Rate-limit false positives");

    // The search is a link: opening it anew shows the same results.
    await page.goto("/runbooks?q=stale");
    await expect(page.getByLabel("Search runbooks")).toHaveValue("stale");
    await expect(results.getByRole("heading").first()).toHaveText("Stale cache");
    await page.getByRole("link", { name: "Stale cache" }).click();
    await expect(page).toHaveURL(/\/runbooks\/stale-cache$/);
    await expect(page.getByRole("heading", { level: 1, name: "Stale cache" })).toBeVisible();

    await page.goto("/runbooks?q=xylophone");
    await expect(page.getByText("No runbook matches “xylophone”")).toBeVisible();
  });

  test("runs a read-only step on click and highlights the fields it names", async ({ page }) => {
    await page.goto("/runbooks/stale-cache");
    await expect(page.getByRole("heading", { level: 2, name: "Root cause" })).toBeVisible();
    const check = step(page, "check-cache-age");
    await expect(check.getByText("Opsdeck API")).toBeVisible();
    await check.getByRole("button", { name: "Run", exact: true }).click();
    const answer = check.getByTestId("step-answer");
    await expect(answer.getByText("200", { exact: true })).toBeVisible();
    await expect(answer.locator('mark[data-highlight="cacheAge.secondsSinceUpdate"]')).toBeVisible();
    await expect(answer.getByLabel("Fields to look at")).toContainText("cacheAge.ttl");
    await expect(answer.getByLabel("Fields to look at")).toContainText("300");
  });

  test("asks before a step that changes state, and runs it once confirmed", async ({ page }) => {
    await page.goto("/runbooks/stale-cache");
    const invalidate = step(page, "invalidate-flag-cache");
    await expect(invalidate.getByText("Changes state · operator")).toBeVisible();
    await invalidate.getByRole("button", { name: "Run…" }).click();
    const dialog = invalidate.getByRole("alertdialog", { name: "Confirm the change" });
    await expect(dialog).toContainText("POST /api/admin/cache/invalidate");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
    await invalidate.getByRole("button", { name: "Run…" }).click();
    await expect(dialog.getByRole("button", { name: "Confirm and run" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(invalidate.getByTestId("step-answer")).toHaveCount(0);

    await invalidate.getByRole("button", { name: "Run…" }).click();
    await dialog.getByRole("button", { name: "Confirm and run" }).click();
    await expect(invalidate.getByTestId("step-answer").getByText("200", { exact: true })).toBeVisible();
  });

  test("shows a step outside Opsdeck with a working copy button, and checks steps by keyboard", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto("/runbooks/stale-cache");
    const flush = step(page, "users-see-old-values/for-document-content-flush-the-service-s-own-cache");
    await expect(flush.getByText("Outside Opsdeck")).toBeVisible();
    await expect(flush.getByRole("button", { name: /^Run/ })).toHaveCount(0);
    await flush.getByRole("button", { name: "Copy command" }).click();
    await expect(flush.getByRole("button", { name: "Command copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("redis-cli FLUSHDB");

    const progress = page.getByText(/^0 of \d+ steps done$/);
    await expect(progress).toBeVisible();
    const total = Number((await progress.textContent())?.match(/of (\d+)/)?.[1]);
    expect(total).toBeGreaterThanOrEqual(6);
    const box = step(page, "check-cache-age").getByRole("checkbox");
    await box.focus();
    await page.keyboard.press("Space");
    await expect(box).toBeChecked();
    await page.keyboard.press("Tab");
    await expect(page.getByText(`1 of ${total} steps done`)).toBeVisible();
    await box.focus();
    await page.keyboard.press("Space");
    await expect(box).not.toBeChecked();
  });

  test("copies a call to Opsdeck as a command that works in a terminal, with the request as edited", async ({ page, context, baseURL }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto("/runbooks/rate-limit-false-positives");
    const unlock = step(page, "unlock-user");
    await unlock.getByText("Edit the request").click();
    await unlock.getByLabel("Path and query").fill("/api/admin/ratelimit/unlock?email=copied@example.com");
    await expect(unlock.getByLabel("Command", { exact: true })).toContainText(`${baseURL}/api/admin/ratelimit/unlock?email=copied@example.com`);
    await unlock.getByRole("button", { name: "Copy command" }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).not.toContain("localhost:3000");
    expect(copied).toContain('-H "Authorization: Bearer $OPSDECK_TOKEN"');

    // Pasted into a shell with a token set, it is the edited call, answered by this Opsdeck.
    const output = execFileSync("bash", ["-c", copied], { env: { ...process.env, OPSDECK_TOKEN: tokenFor("operator") }, encoding: "utf8" });
    expect(JSON.parse(output)).toMatchObject({ email: "copied@example.com", unlocked: false });
  });

  test("says ticks on the runbook page are not kept, and attaches them to an open incident", async ({ page, request }) => {
    const created = await request.post("/api/admin/incidents", {
      headers: { Authorization: `Bearer ${tokenFor("operator")}` },
      data: { title: `Ticks kept ${Date.now()}`, severity: "warning" },
    });
    expect(created.status()).toBe(201);
    const incident = (await created.json()) as { id: number; title: string };

    await page.goto("/runbooks/stale-cache");
    const notice = page.getByRole("note", { name: "Ticks are not kept" });
    await expect(notice).toContainText("Ticks on this page are not kept");
    await step(page, "check-cache-age").getByRole("checkbox").check();
    await expect(notice).toContainText("1 tick on this page is not kept");

    await notice.getByLabel("Open incident").selectOption(String(incident.id));
    await notice.getByRole("button", { name: "Attach to the incident with 1 tick" }).click();
    await expect(page).toHaveURL(new RegExp(`/incidents/${incident.id}\\?tab=runbook$`));
    const kept = page.locator('section[data-runbook="stale-cache"] li[data-step-id="check-cache-age"]');
    await expect(kept.getByRole("checkbox")).toBeChecked();
    await expect(kept).toContainText("Checked by");
    await page.reload();
    await expect(kept.getByRole("checkbox")).toBeChecked();
  });

  test("lets a viewer run read-only steps but not changes, and says why", async ({ browser }) => {
    const page = await signedInAs(browser, "viewer");
    await page.goto("/runbooks/rate-limit-false-positives");
    const unlock = step(page, "unlock-user");
    await expect(unlock.getByRole("button", { name: "Run" })).toBeDisabled();
    await expect(unlock.getByText("Needs the operator role (you are viewer).")).toBeVisible();

    const lookup = step(page, "check-lockout");
    await lookup.getByRole("button", { name: "Run", exact: true }).click();
    await expect(lookup.getByTestId("step-answer").locator('mark[data-highlight="isLocked"]')).toContainText("false");
    await page.context().close();
  });

  test("answers a clear 404 for an unknown runbook, on the page and in the API", async ({ page, request }) => {
    // The console streams (loading.tsx), so the page's status is already sent: the not-found page says it.
    await page.goto("/runbooks/no-such-runbook");
    await expect(page.getByRole("heading", { level: 1, name: "Runbook not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "All runbooks" })).toBeVisible();

    const headers = { Authorization: `Bearer ${tokenFor("viewer")}` };
    const missing = await request.get("/api/admin/runbooks/no-such-runbook", { headers });
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");
    const found = await request.get("/api/admin/runbooks?q=cache", { headers });
    expect((await found.json()).runbooks.map((runbook: { slug: string }) => runbook.slug)).toContain("stale-cache");
  });

  test("is linked from the charts where its symptom shows", async ({ page }) => {
    await page.goto("/metrics?series=auth_latency");
    await page.locator('a[href="/runbooks/auth-timing"]').click();
    await expect(page).toHaveURL(/\/runbooks\/auth-timing$/);
    await expect(page.getByRole("heading", { level: 1, name: "Auth timing anomalies" })).toBeVisible();
  });
});

test.describe("runbooks on a phone @phone", () => {
  test("a runbook fits 375 px and its steps still run", async ({ page }) => {
    await page.goto("/runbooks/deployment");
    await expect(page.getByRole("heading", { level: 1, name: "Deployment issues" })).toBeVisible();
    const pool = step(page, "check-pool-stats");
    await pool.getByRole("button", { name: "Run", exact: true }).click();
    await expect(pool.getByTestId("step-answer").locator('mark[data-highlight="utilizationPercent"]')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
