import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { expect, test, throughIdp, tokenFor } from "./fixtures";

// Runs in the "sso" project (the Opsdeck whose issuer is the test OpenID provider), except the
// @phone check, which runs in "phone" against the development sign-in server.

const RUNBOOK = "auth-timing";

/** A real Alertmanager v4 webhook payload, as Alertmanager posts it, carrying its runbook. */
function alertmanagerPayload(fingerprint: string) {
  return {
    receiver: "opsdeck",
    status: "firing",
    alerts: [
      {
        status: "firing",
        labels: { alertname: "AuthLatencyTooLow", severity: "critical", service: "auth", instance: "auth-1:9100" },
        annotations: {
          summary: "Sign-in answers faster than the constant-time floor",
          description: "p1 auth latency is 120 ms (floor 400 ms)",
          runbook_url: `http://opsdeck.example/runbooks/${RUNBOOK}`,
        },
        startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
        endsAt: "0001-01-01T00:00:00Z",
        generatorURL: "http://prometheus:9090/graph?g0.expr=auth_p1",
        fingerprint,
      },
    ],
    groupLabels: { alertname: "AuthLatencyTooLow" },
    commonLabels: { alertname: "AuthLatencyTooLow", severity: "critical", service: "auth" },
    commonAnnotations: { summary: "Sign-in answers faster than the constant-time floor" },
    externalURL: "http://alertmanager:9093",
    version: "4",
    groupKey: `{}:{alertname="AuthLatencyTooLow"}/${fingerprint}`,
    truncatedAlerts: 0,
  };
}

async function fireAlert(request: APIRequestContext, token: string, fingerprint = randomUUID().slice(0, 16)): Promise<{ id: number; url: string }> {
  const response = await request.post("/api/webhooks/alertmanager", { headers: { Authorization: `Bearer ${token}` }, data: alertmanagerPayload(fingerprint) });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { incidents: { id: number; url: string; created: boolean }[] };
  expect(body.incidents).toHaveLength(1);
  expect(body.incidents[0]?.created).toBe(true);
  return body.incidents[0]!;
}

test.describe("incidents from alerts", () => {
  test("an alert link opened signed out lands on the incident after SSO; checks persist and reach the review", async ({ page, request }) => {
    const incident = await fireAlert(request, tokenFor("operator", "sso"));
    const url = new URL(incident.url);
    expect(url.pathname).toBe(`/incidents/${incident.id}`);

    // Signed out: the incident URL goes through sign-in and the IdP and lands on the incident.
    await page.goto(`${url.pathname}?tab=runbook`);
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    await throughIdp(page, "bob");
    await expect(page).toHaveURL(new RegExp(`/incidents/${incident.id}\\?tab=runbook$`));
    await expect(page.getByRole("heading", { level: 1, name: "Sign-in answers faster than the constant-time floor" })).toBeVisible();

    // A read-only step runs with Bob's session and shows its live answer.
    const poolStep = page.locator('[data-step-id="check-pool-stats"]');
    const answer = poolStep.getByTestId("step-answer");
    // Straight after the IdP's redirect the page may not be hydrated yet, and a click then does nothing: click until it runs.
    await expect(async () => {
      await poolStep.getByRole("button", { name: "Run", exact: true }).click();
      await expect(answer).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 15_000 });
    await expect(answer).toContainText("200");
    await expect(answer).toContainText("utilizationPercent");

    // Check two steps.
    const first = page.locator('[data-step-id="check-constant-time-flag"]');
    // The checkbox shows the incident's state (optimistic, then the server's), so click and wait for it.
    await first.getByRole("checkbox").click();
    await expect(first.getByRole("checkbox")).toBeChecked();
    await expect(first).toContainText("Checked by Bob Operator");
    await poolStep.getByRole("checkbox").click();
    await expect(poolStep.getByRole("checkbox")).toBeChecked();
    await expect(poolStep).toContainText("Checked by Bob Operator");

    // A second operator checks another step (through the API): the open page shows it without a reload.
    const operator = { Authorization: `Bearer ${tokenFor("operator", "sso")}` };
    const detail = (await (await request.get(`/api/admin/incidents/${incident.id}`, { headers: operator })).json()) as { runs: { id: string; runbookSlug: string }[] };
    const runId = detail.runs.find((run) => run.runbookSlug === RUNBOOK)?.id;
    const colleague = await request.put(`/api/admin/incidents/${incident.id}/runs/${runId}/checks`, {
      headers: operator,
      data: { stepId: "enable-constant-time-flag", checked: true, note: "flag back to 100 %" },
    });
    expect(colleague.status()).toBe(200);
    const third = page.locator('[data-step-id="enable-constant-time-flag"]');
    await expect(third).toContainText("Checked by e2e-operator");
    await expect(third).toContainText("flag back to 100 %");

    // Meanwhile someone changes a flag (an admin, through the API).
    const admin = { Authorization: `Bearer ${tokenFor("admin", "sso")}` };
    const flag = `incident_e2e_${randomUUID().slice(0, 8)}`;
    expect((await request.post("/api/admin/feature-flags", { headers: admin, data: { name: flag, enabled: true, rolloutPercentage: 100 } })).status()).toBe(201);
    expect((await request.post(`/api/admin/feature-flags/${flag}`, { headers: admin, data: { rolloutPercentage: 0 } })).status()).toBe(200);

    // Reload: the checks come back from the server, with who and when.
    await page.reload();
    await expect(first.getByRole("checkbox")).toBeChecked();
    await expect(poolStep.getByRole("checkbox")).toBeChecked();
    await expect(first.locator("time")).toBeVisible();
    await expect(first).toContainText("Checked by Bob Operator");
    await expect(poolStep).toContainText("Checked by Bob Operator");

    // The review page's timeline has both checks and the flag change made meanwhile.
    await page.goto(`/incidents/${incident.id}/review`);
    await expect(page.getByRole("heading", { level: 1, name: /^Review:/ })).toBeVisible();
    const timeline = page.locator(`section[aria-labelledby="review-timeline"]`);
    await expect(timeline.locator('[data-kind="step_checked"]')).toHaveCount(3);
    await expect(timeline.locator('[data-kind="step_checked"]').first()).toContainText("Bob Operator");
    await expect(timeline.locator('[data-kind="flag_change"]', { hasText: flag })).toHaveCount(2);
    await expect(timeline.locator('[data-kind="alert_firing"]')).toContainText("AuthLatencyTooLow firing");
    await expect(page.getByText("Time to acknowledge")).toBeVisible();

    // Printed: the console's header and sidebar go, the review stays.
    await page.emulateMedia({ media: "print" });
    await expect(page.locator("header:has(#header-actions)")).toBeHidden();
    await expect(page.getByRole("heading", { level: 1, name: /^Review:/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  });

  test("the link template by fingerprint goes through SSO to the incident's tab, and says so when the alert has not arrived", async ({ page, request }) => {
    const fingerprint = randomUUID().slice(0, 16);
    const incident = await fireAlert(request, tokenFor("operator", "sso"), fingerprint);
    await page.goto(`/incidents/by-fingerprint/${fingerprint}?tab=alerts`);
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fincidents%2Fby-fingerprint%2F/);
    await throughIdp(page, "alice");
    await expect(page).toHaveURL(new RegExp(`/incidents/${incident.id}\\?tab=alerts&alert=${fingerprint}$`));
    await expect(page.getByText(`fingerprint ${fingerprint}`)).toBeVisible();
    await expect(page.getByRole("link", { name: "Source" })).toHaveAttribute("href", "http://prometheus:9090/graph?g0.expr=auth_p1");

    await page.goto("/incidents/by-fingerprint/not-yet-delivered");
    await expect(page.getByRole("heading", { level: 1, name: "No incident for this alert yet" })).toBeVisible();
  });

  test("an alert's link to the runbook tab opens that alert's own runbook first and marks the alert", async ({ page, request }) => {
    // One notification, two alerts with different runbooks: the incident gets both, auth-timing first.
    const [first, second] = [randomUUID().slice(0, 16), randomUUID().slice(0, 16)];
    const payload = alertmanagerPayload(first);
    payload.alerts.push({
      ...payload.alerts[0]!,
      labels: { alertname: "CacheHitRateLow", severity: "warning", service: "api", instance: "api-1:9100" },
      annotations: { summary: "Cache hit rate under 80 %", description: "hit rate 41 %", runbook_url: "http://opsdeck.example/runbooks/stale-cache" },
      fingerprint: second,
    });
    const response = await request.post("/api/webhooks/alertmanager", { headers: { Authorization: `Bearer ${tokenFor("operator", "sso")}` }, data: payload });
    expect(response.status()).toBe(200);
    const incident = ((await response.json()) as { incidents: { id: number }[] }).incidents[0]!;

    await page.goto(`/incidents/by-fingerprint/${second}?tab=runbook`);
    await throughIdp(page, "bob");
    await expect(page).toHaveURL(new RegExp(`/incidents/${incident.id}\\?tab=runbook&alert=${second}$`));
    await expect(page.getByTestId("linked-alert")).toContainText("You came from the alert CacheHitRateLow");
    const runs = page.locator("section[data-runbook]");
    await expect(runs).toHaveCount(2);
    await expect(runs.first()).toHaveAttribute("data-runbook", "stale-cache");
    await expect(runs.first().getByRole("heading", { level: 2 })).toContainText("Runbook of CacheHitRateLow");

    // The other alert's link opens the other runbook first; the Alerts tab marks the alert the link came from.
    await page.goto(`/incidents/by-fingerprint/${first}?tab=runbook`);
    await expect(runs.first()).toHaveAttribute("data-runbook", "auth-timing");
    await page.getByRole("link", { name: /^Alerts \(/ }).click();
    await expect(page).toHaveURL(new RegExp(`tab=alerts&alert=${first}$`));
    const marked = page.locator('[aria-label="Alerts"] > li[aria-current="true"]');
    await expect(marked).toHaveCount(1);
    await expect(marked).toContainText("AuthLatencyTooLow");
    await expect(marked).toContainText("The alert you came from");
  });

  test("the demo's bad hour has a live incident with its runbooks attached", async ({ request }) => {
    const headers = { Authorization: `Bearer ${tokenFor("viewer", "sso")}` };
    type Listed = { incidents: { id: number; title: string; source: string }[] };
    const findDemo = async () =>
      ((await (await request.get("/api/admin/incidents?status=open&pageSize=100", { headers })).json()) as Listed).incidents.find((incident) => incident.title.startsWith("Auth degraded"));
    await expect.poll(findDemo, { timeout: 15_000 }).toBeDefined();
    const demo = (await findDemo())!;
    const detail = (await (await request.get(`/api/admin/incidents/${demo.id}`, { headers })).json()) as {
      source: string;
      runs: { runbookSlug: string }[];
      alerts: { alertName: string; status: string }[];
    };
    expect(detail.source).toBe("alertmanager");
    expect(detail.runs.map((run) => run.runbookSlug).sort()).toEqual(["auth-timing", "stale-cache"]);
    expect(detail.alerts.map((alert) => [alert.alertName, alert.status])).toEqual([
      ["AuthLatencyP99High", "firing"],
      ["CacheHitRateLow", "resolved"],
    ]);
  });

  test("the incident page fits a phone @phone", async ({ page, request }) => {
    const incident = await fireAlert(request, tokenFor("operator"));
    for (const tab of ["overview", "runbook", "alerts", "timeline"]) {
      await page.goto(`/incidents/${incident.id}?tab=${tab}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontal overflow on the ${tab} tab`).toBeLessThanOrEqual(0);
    }
    await page.goto(`/incidents/${incident.id}/review`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });
});
