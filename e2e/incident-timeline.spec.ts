import { randomUUID } from "node:crypto";
import { expect, test, tokenFor } from "./fixtures";

// Signed in as the setup project's admin. A flag changed during an incident reads in words on its
// timeline, the timeline filters by flag and person, and the review prints it once.

test("an incident's timeline says flag changes in words, filters them, and the review lists them once", async ({ page, request }) => {
  const operator = { Authorization: `Bearer ${tokenFor("operator")}` };
  const admin = { Authorization: `Bearer ${tokenFor("admin")}` };
  const created = await request.post("/api/admin/incidents", { headers: operator, data: { title: `Timeline words ${randomUUID().slice(0, 8)}` } });
  expect(created.status()).toBe(201);
  const incident = (await created.json()) as { id: number };
  const flag = `timeline_${randomUUID().slice(0, 8)}`;
  expect((await request.post("/api/admin/feature-flags", { headers: admin, data: { name: flag, enabled: true, rolloutPercentage: 10 } })).status()).toBe(201);
  expect((await request.post(`/api/admin/feature-flags/${flag}`, { headers: operator, data: { rolloutPercentage: 50 } })).status()).toBe(200);

  await page.goto(`/incidents/${incident.id}?tab=timeline`);
  const timeline = page.getByRole("list", { name: "Incident timeline" });
  const change = timeline.locator('[data-kind="flag_change"]', { hasText: `Flag ${flag}: Rollout 10 % → 50 %` });
  await expect(change).toContainText("by e2e-operator");
  await expect(timeline).not.toContainText("rolloutPercentage");

  await page.getByRole("combobox", { name: "Flag", exact: true }).selectOption(flag);
  await expect(page).toHaveURL(new RegExp(`flag=${flag}`));
  await expect(timeline.getByRole("listitem")).toHaveCount(2); // created, then 10 % → 50 %
  await page.getByRole("combobox", { name: "Person", exact: true }).selectOption("e2e-operator");
  await expect(timeline.getByRole("listitem")).toHaveCount(1);
  await expect(page.getByTestId("timeline-count")).toContainText("1 of");

  await page.goto(`/incidents/${incident.id}/review`);
  await expect(page.getByText(`Flag ${flag}: Rollout 10 % → 50 %`)).toHaveCount(1);
  await expect(page.getByTestId("review-changes")).toContainText(flag);
});
