import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { expect, test, tokenFor } from "./fixtures";

const auth = (role: "viewer" | "operator" | "admin") => ({ Authorization: `Bearer ${tokenFor(role)}` });

async function failLogins(request: APIRequestContext, email: string, times: number) {
  for (let i = 0; i < times; i++) {
    const response = await request.post("/api/ratelimit/login-attempts", { headers: auth("operator"), data: { email, success: false, ip: "203.0.113.5", department: "QA" } });
    expect(response.status()).toBe(200);
  }
}

test.describe("the Rate limits page", () => {
  test("looks an email up by keyboard, shows why it is locked, and unlocks it after confirmation", async ({ page, request }) => {
    await page.setExtraHTTPHeaders(auth("operator"));
    const email = `locked-${randomUUID().slice(0, 8)}@example.com`;
    await failLogins(request, email, 5);
    await page.goto("/ratelimit");
    await page.getByLabel("Email", { exact: true }).fill("not-an-email");
    await page.keyboard.press("Enter");
    await expect(page.getByText("not an email address")).toBeVisible();
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.keyboard.press("Enter");
    // The address may be left unescaped in the query string ("@" is allowed there).
    await expect(page).toHaveURL(new RegExp(`email=(${encodeURIComponent(email)}|${email})`));
    const state = page.getByRole("region", { name: `Lock state of ${email}` });
    await expect(state.getByText("Locked", { exact: true })).toBeVisible();
    await expect(state.getByText("5 failed attempts within 15 minutes")).toBeVisible();
    await state.getByRole("button", { name: "Unlock…" }).click();
    await state.getByRole("button", { name: "Confirm unlock" }).click();
    await expect(state.getByRole("status")).toHaveText(`${email} is unlocked`);
    await expect(state.getByText("Not locked")).toBeVisible();
  });

  test("opens a deep link to an email's state", async ({ page }) => {
    await page.setExtraHTTPHeaders(auth("viewer"));
    await page.goto("/ratelimit?email=nobody@example.com");
    const state = page.getByRole("region", { name: "Lock state of nobody@example.com" });
    await expect(state.getByText("Not locked")).toBeVisible();
    await expect(state.getByRole("button", { name: /unlock/i })).toHaveCount(0);
  });

  test("shows threats from the demo's bad hour with the lockouts chart and its alert line", async ({ page }) => {
    await page.setExtraHTTPHeaders(auth("viewer"));
    await page.goto("/ratelimit?window=6h");
    await expect(page.getByLabel("Window")).toHaveValue("6h");
    await expect(page.getByRole("img", { name: /Lockouts per hour; alert line at 10/ })).toBeVisible();
    await expect(page.getByRole("table", { name: "Top emails" }).getByText("ceo@example.com")).toBeVisible();
    await expect(page.getByRole("table", { name: "Top departments" }).getByText("Finance")).toBeVisible();
    await expect(page.getByText(/lockouts in one hour — above the alert line of 10/)).toBeVisible();
    await page.getByLabel("Window").selectOption("1h");
    await expect(page).toHaveURL(/window=1h/);
  });

  test("validates the configuration form and saves a valid change", async ({ page, request }) => {
    await page.setExtraHTTPHeaders(auth("admin"));
    await page.goto("/ratelimit");
    const duration = page.getByLabel("Lock duration (minutes)");
    await expect(duration).toHaveValue("15");
    await duration.fill("-5");
    await page.getByRole("button", { name: "Save configuration" }).click();
    await expect(page.getByText(/Too small/i)).toBeVisible();
    expect((await (await request.get("/api/admin/ratelimit/config", { headers: auth("viewer") })).json()).settings.lockDurationMinutes).toBe(15);
    await duration.fill("30");
    await page.getByRole("button", { name: "Save configuration" }).click();
    await expect(page.getByText(/Saved as version \d+/)).toBeVisible();
    expect((await (await request.get("/api/admin/ratelimit/config", { headers: auth("viewer") })).json()).settings.lockDurationMinutes).toBe(30);
    await request.post("/api/admin/ratelimit/config", { headers: auth("admin"), data: { lockDurationMinutes: 15 } });
  });
});

test.describe("the Dependencies page", () => {
  test("lists PostgreSQL, Redis, InfluxDB and the identity provider with breaker state and history", async ({ page }) => {
    await page.setExtraHTTPHeaders(auth("viewer"));
    await page.goto("/dependencies");
    await expect(page.getByRole("heading", { level: 1, name: "Dependencies" })).toBeVisible();
    const table = page.getByRole("table", { name: "Dependencies" });
    for (const label of ["PostgreSQL", "Redis", "InfluxDB", "Identity provider"]) await expect(table.getByText(label, { exact: true })).toBeVisible();
    await expect(table.getByText("closed").first()).toBeVisible();
    await expect(table.getByText(/\d+ checks, \d+ failed/).first()).toBeVisible();
    await expect(page.getByText("Rate limiter")).toBeVisible();
  });
});

test.describe("on a phone @phone", () => {
  test("the Rate limits page fits 375 px with a looked-up email", async ({ page }) => {
    await page.setExtraHTTPHeaders(auth("viewer"));
    await page.goto("/ratelimit?email=someone.with.a.long.address@example.com");
    await expect(page.getByText("Not locked")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
