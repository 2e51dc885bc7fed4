import { randomUUID } from "node:crypto";
import { expect, test, tokenFor } from "./fixtures";

// Signed in as the setup project's admin. The home page leads with what is on fire.

test("the Overview leads with open incidents, most severe first, and the last hour's flag changes in words", async ({ page, request }) => {
  const operator = { Authorization: `Bearer ${tokenFor("operator")}` };
  const admin = { Authorization: `Bearer ${tokenFor("admin")}` };
  const run = randomUUID().slice(0, 8);
  for (const severity of ["info", "critical"]) {
    const created = await request.post("/api/admin/incidents", { headers: operator, data: { title: `Overview ${severity} ${run}`, severity } });
    expect(created.status()).toBe(201);
  }
  const flag = `overview_${run}`;
  expect((await request.post("/api/admin/feature-flags", { headers: admin, data: { name: flag, enabled: true, rolloutPercentage: 10 } })).status()).toBe(201);
  expect((await request.post(`/api/admin/feature-flags/${flag}`, { headers: operator, data: { rolloutPercentage: 50 } })).status()).toBe(200);

  await page.goto("/");
  const incidents = page.getByRole("list", { name: "Open incidents, most severe first" });
  await expect(incidents).toContainText(`Overview critical ${run}`);
  const titles = await incidents.getByRole("listitem").allTextContents();
  const position = (severity: string) => titles.findIndex((text) => text.includes(`Overview ${severity} ${run}`));
  // Ten at most are listed; ours are the newest of their severity, so the critical one always is.
  expect(position("critical")).toBeGreaterThanOrEqual(0);
  if (position("info") >= 0) expect(position("critical")).toBeLessThan(position("info"));
  await expect(incidents.getByRole("listitem").nth(position("critical"))).toContainText("critical");

  const changes = page.getByRole("list", { name: "Flag changes in the last hour, newest first" });
  await expect(changes.getByRole("listitem").filter({ hasText: flag }).first()).toContainText(`${flag}: Rollout 10 % → 50 % by e2e-operator`);
  await changes.getByRole("link", { name: flag }).first().click();
  await expect(page).toHaveURL(new RegExp(`/flags/${flag}$`));
});
