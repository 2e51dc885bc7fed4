import { randomUUID } from "node:crypto";
import { expect, signedInAs, test } from "./fixtures";

test.describe("the Alerts page", () => {
  test("lists the seeds' rules with their state and creates a silence from the page by keyboard", async ({ page }) => {
    await page.goto("/alerts");
    await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
    const rules = page.getByRole("region", { name: "Alert rules" });
    await expect(rules.getByRole("link", { name: "ErrorRateCritical" })).toBeVisible();
    await expect(page.getByText("Evaluated every 30 s. Times in UTC.")).toBeVisible();
    await expect(page.getByRole("region", { name: "Unavailable rules" }).getByText("Job queue depth")).toBeVisible();

    const why = `deploy ${randomUUID().slice(0, 8)}`;
    await page.getByLabel("Equals").fill("ErrorRateWarning");
    await page.getByLabel("Why").fill(why);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status")).toContainText(/Silence #\d+ active until .* UTC/);
    const silences = page.getByRole("region", { name: "Silences" });
    await expect(silences.getByText(why)).toBeVisible();
    await expect(silences.getByText('alertname="ErrorRateWarning"').first()).toBeVisible();
  });

  test("opens a rule's history as a deep link", async ({ page }) => {
    await page.goto("/alerts");
    await page.getByRole("region", { name: "Alert rules" }).getByRole("link", { name: "CacheHitRateLow" }).click();
    await expect(page).toHaveURL(/\/alerts\?rule=\d+/);
    await expect(page.getByRole("heading", { name: "Transitions" })).toBeVisible();
  });
});

test.describe("editing rules and SLOs", () => {
  test("an admin creates a rule (after a field error), edits, disables and deletes it", async ({ page }) => {
    const name = `E2eSlowCheckout_${randomUUID().slice(0, 6)}`;
    await page.goto("/alerts");
    await page.getByRole("link", { name: "New rule" }).click();
    await expect(page).toHaveURL(/\/alerts\?edit=new/);
    const form = page.getByRole("form", { name: "New alert rule" });
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Threshold").fill("lots");
    await form.getByLabel("Summary").fill("p95 above 5 s on {{ $labels.endpoint }}");
    await form.getByRole("button", { name: "Create rule" }).click();
    await expect(form.getByLabel("Threshold")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByText("expected number, received string")).toBeVisible();

    await form.getByLabel("Threshold").fill("5000");
    await form.getByRole("button", { name: "Create rule" }).click();
    await expect(page).toHaveURL(/\/alerts\?rule=\d+$/);
    await expect(page.getByText("p95 above 5 s on {{ $labels.endpoint }} — value > 5000 for 5m")).toBeVisible();

    await page.getByRole("link", { name: "Edit", exact: true }).click();
    const edit = page.getByRole("form", { name: `Edit ${name}` });
    await edit.getByLabel("Threshold").fill("6000");
    await edit.getByLabel("For", { exact: true }).fill("10m");
    await edit.getByRole("button", { name: "Save rule" }).click();
    await expect(page).toHaveURL(/\/alerts\?rule=\d+$/);
    await expect(page.getByText("— value > 6000 for 10m")).toBeVisible();

    const row = page.getByRole("region", { name: "Alert rules" }).getByTestId(`rule-${name}`);
    await page.getByRole("button", { name: "Disable" }).click();
    await expect(row.getByText("disabled", { exact: true })).toBeVisible();

    await page.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("alertdialog", { name: `Delete the rule ${name}?` });
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await dialog.getByRole("button", { name: "Delete rule" }).click();
    await expect(page).toHaveURL(/\/alerts$/);
    await expect(page.getByRole("region", { name: "Alert rules" }).getByText(name)).toHaveCount(0);
  });

  test("an admin creates an SLO, refused first for an objective of 100 %", async ({ page }) => {
    const name = `e2e-checkout-${randomUUID().slice(0, 6)}`;
    await page.goto("/slos?edit=new");
    const form = page.getByRole("form", { name: "New SLO" });
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Display name").fill(`Checkout ${name}`);
    await form.getByLabel("Service").fill("checkout");
    await form.getByLabel("Objective (%)").fill("100");
    await form.getByRole("button", { name: "Create SLO" }).click();
    await expect(form.getByText("the objective is a percentage strictly between 0 and 100")).toBeVisible();
    await form.getByLabel("Objective (%)").fill("99.9");
    await form.getByRole("button", { name: "Create SLO" }).click();
    await expect(page.getByRole("heading", { name: `Checkout ${name}`, level: 1 })).toBeVisible();
    await expect(page.getByText(/99\.9 % over a rolling 30d for checkout/)).toBeVisible();
  });

  test("a viewer sees the editing controls disabled, with the reason", async ({ browser }) => {
    const page = await signedInAs(browser, "viewer");
    try {
      await page.goto("/alerts");
      await expect(page.getByRole("button", { name: "New rule" })).toBeDisabled();
      await page.getByRole("region", { name: "Alert rules" }).getByRole("link", { name: "CacheHitRateLow" }).click();
      await expect(page.getByRole("button", { name: "Delete" })).toBeDisabled();
      await expect(page.getByRole("button", { name: "Disable" })).toHaveAccessibleDescription("Needs the admin role");
    } finally {
      await page.context().close();
    }
  });
});

test.describe("the SLOs page", () => {
  test("lists the default SLOs and shows one's burn-down and burn-rate panels", async ({ page }) => {
    await page.goto("/slos");
    await page.getByRole("link", { name: "API requests without errors" }).click();
    await expect(page.getByRole("heading", { name: "API requests without errors", level: 1 })).toBeVisible();
    await expect(page.getByText(/Budget burn-down/)).toBeVisible();
    await expect(page.getByText("page: 14.4× over 1h and 5m")).toBeVisible();
    await expect(page.getByText("ticket: 1× over 3d and 6h")).toBeVisible();
  });

  test("fits a 375 px screen @phone", async ({ page }) => {
    for (const path of ["/alerts", "/slos", "/alerts?edit=new", "/slos?edit=new"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });
});
