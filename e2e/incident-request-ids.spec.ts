import { randomUUID } from "node:crypto";
import { syntheticExport } from "@/lib/traces/synthetic";
import { expect, test, tokenFor } from "./fixtures";

// Signed in as the setup project's admin. Seed 002: every incident carries its request ids, each
// leading to its traces and to the log lines' query.

test("a request id added on the incident page links to the trace that carries it and shows its log query, on the review too", async ({ page, request }) => {
  const operator = { Authorization: `Bearer ${tokenFor("operator")}` };
  const requestId = `req-${randomUUID()}`;
  const { traceId, request: body } = syntheticExport(
    { name: "POST /api/checkout", service: "checkout", offsetMs: 0, durationMs: 120, attributes: { request_id: requestId }, error: "payment declined" },
    Date.now() - 90_000,
  );
  expect((await request.post("/v1/traces", { headers: { ...operator, "Content-Type": "application/json" }, data: body })).status()).toBe(200);
  const created = await request.post("/api/admin/incidents", { headers: operator, data: { title: `Checkout failing ${requestId.slice(4, 12)}`, severity: "high" } });
  expect(created.status()).toBe(201);
  const incident = (await created.json()) as { id: number };

  await page.goto(`/incidents/${incident.id}`);
  await page.getByLabel("Add a request id").fill("not a request id");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  // The browser refuses it before it is sent: nothing is listed.
  await expect(page.getByRole("list", { name: "Request ids" })).toHaveCount(0);

  await page.getByLabel("Add a request id").fill(requestId);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  const item = page.getByRole("list", { name: "Request ids" }).getByTestId("request-id");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(requestId);
  await expect(item).toContainText("added by");
  await expect(page.getByLabel(`Log query for ${requestId}`)).toHaveText(`jq -c 'select(.request_id == "${requestId}")' *.log`);

  await page.goto(`/incidents/${incident.id}/review`);
  await expect(page.getByRole("list", { name: "Request ids" })).toContainText(requestId);

  await page.goto(`/incidents/${incident.id}`);
  await page.getByRole("link", { name: `Traces of ${requestId}` }).click();
  await expect(page).toHaveURL(new RegExp(`/traces\\?requestId=${requestId}$`));
  await page.locator(`a[href="/traces/${traceId}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/traces/${traceId}$`));
  await expect(page.getByRole("treeitem", { name: /POST \/api\/checkout/ })).toBeVisible();

  // Removed by hand, it is gone from the incident.
  await page.goto(`/incidents/${incident.id}`);
  await page.getByRole("button", { name: `Remove request id ${requestId}` }).click();
  await expect(page.getByRole("list", { name: "Request ids" })).toHaveCount(0);
});
