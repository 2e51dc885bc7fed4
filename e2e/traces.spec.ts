import type { APIRequestContext } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { syntheticExport, largeTrace, randomSpanId } from "@/lib/traces/synthetic";
import { expect, test, tokenFor } from "./fixtures";

test.beforeEach(async ({ page }) => {
  await page.setExtraHTTPHeaders({ Authorization: `Bearer ${tokenFor("viewer")}` });
});

async function exportTrace(request: APIRequestContext, body: unknown) {
  const response = await request.post("/v1/traces", {
    data: body,
    headers: { Authorization: `Bearer ${tokenFor("operator")}`, "Content-Type": "application/json" },
  });
  expect(response.status()).toBe(200);
}

/** Seed 000's request, plus one span whose parent never arrives. */
async function seedChatTrace(request: APIRequestContext) {
  const { traceId, request: body } = syntheticExport(
    {
      name: "POST /api/chat",
      service: "chat-api",
      offsetMs: 0,
      durationMs: 1800,
      children: [
        { name: "auth.validateCredentials", service: "auth", offsetMs: 0, durationMs: 523 },
        {
          name: "chat.generateResponse",
          service: "chat-api",
          offsetMs: 530,
          durationMs: 1240,
          children: [
            {
              name: "vector.similaritySearch",
              service: "vector-store",
              offsetMs: 540,
              durationMs: 189,
              attributes: { topK: 5, department: "legal" },
              children: [{ name: "vertex_ai.findNeighbors", service: "vertex-ai", offsetMs: 545, durationMs: 172, error: "quota exceeded" }],
            },
            { name: "llm.complete", service: "llm-proxy", offsetMs: 740, durationMs: 1034 },
          ],
        },
      ],
    },
    Date.now() - 60_000,
  );
  const spans = body.resourceSpans[0]!.scopeSpans[0]!.spans as Record<string, unknown>[];
  spans.push({ ...spans[0], spanId: randomSpanId(), parentSpanId: randomSpanId(), name: "orphan.work" });
  await exportTrace(request, body);
  return traceId;
}

test.describe("traces", () => {
  test("lists traces with a duration scatter, filters by URL, and opens one", async ({ page, request }) => {
    const traceId = await seedChatTrace(request);
    await page.goto("/traces?status=error&name=POST%20%2Fapi%2Fchat");
    await expect(page.getByRole("img", { name: /duration over time/i })).toBeVisible();
    await expect(page.getByLabel("Trace status")).toHaveValue("error");
    const link = page.locator(`a[href="/traces/${traceId}"]`);
    await expect(link).toBeVisible();
    await link.click();
    await expect(page).toHaveURL(new RegExp(`/traces/${traceId}$`));
    await expect(page.getByRole("treeitem", { name: /vector\.similaritySearch/ })).toBeVisible();
  });

  test("a window with 391 traces lists them in pages, says 200 of 391, and reaches the rest", async ({ page, request }) => {
    // 391 one-span traces of a service of its own, a second apart, in a window two hours ago.
    const service = `paging-${randomUUID().slice(0, 8)}`;
    const windowStart = Date.now() - 2 * 3600_000;
    const exports = Array.from({ length: 391 }, (_, index) => syntheticExport({ name: "GET /paged", service, offsetMs: 0, durationMs: 5 + index }, windowStart + index * 1000).request);
    await exportTrace(request, { resourceSpans: exports.flatMap((body) => body.resourceSpans) });

    const from = new Date(windowStart - 60_000).toISOString();
    const to = new Date(windowStart + 391_000 + 60_000).toISOString();
    await page.goto(`/traces?${new URLSearchParams({ service, from, to })}`);
    const position = page.getByTestId("trace-page").first();
    // The count is a second query beside the list's: on a loaded machine give it longer.
    await expect(position).toHaveText("Traces 1–200 of 391, newest first", { timeout: 30_000 });
    await expect(page.getByRole("table", { name: "Traces" }).locator("tbody tr")).toHaveCount(200);
    await expect(page.getByTestId("scatter-caption")).toContainText("The 200 traces of this page (1–200 of 391)");

    await page.getByRole("navigation", { name: "Pages of traces" }).first().getByRole("button", { name: "Older" }).click();
    await expect(page).toHaveURL(/offset=200/);
    await expect(position).toHaveText("Traces 201–391 of 391, newest first");
    await expect(page.getByRole("table", { name: "Traces" }).locator("tbody tr")).toHaveCount(191);
    await expect(page.getByRole("navigation", { name: "Pages of traces" }).first().getByRole("button", { name: "Older" })).toBeDisabled();
    await page.getByRole("navigation", { name: "Pages of traces" }).first().getByRole("button", { name: "Newer" }).click();
    await expect(position).toHaveText("Traces 1–200 of 391, newest first");
  });

  test("shows the waterfall: nesting, missing parent, detail, keyboard, URL, search, collapse", async ({ page, request }) => {
    const traceId = await seedChatTrace(request);
    await page.goto(`/traces/${traceId}`);
    const tree = page.getByRole("tree");
    await expect(tree.getByRole("treeitem")).toHaveCount(8);
    await expect(tree.getByText(/Missing parent/)).toBeVisible();
    await expect(tree.getByRole("treeitem", { name: /vertex_ai\.findNeighbors/ })).toHaveAttribute("aria-level", "4");

    await tree.getByRole("treeitem", { name: /vector\.similaritySearch/ }).click();
    const detail = page.getByLabel("Span detail");
    await expect(detail.getByRole("heading", { name: "vector.similaritySearch" })).toBeVisible();
    await expect(detail.getByText("department")).toBeVisible();
    const spanId = new URL(page.url()).searchParams.get("span");
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);

    // Keyboard: down moves to the child, left goes back to the parent.
    await tree.focus();
    await page.keyboard.press("ArrowDown");
    await expect(detail.getByRole("heading", { name: "vertex_ai.findNeighbors" })).toBeVisible();
    await expect(detail.getByText("error: quota exceeded")).toBeVisible();
    await page.keyboard.press("ArrowLeft");
    await expect(detail.getByRole("heading", { name: "vector.similaritySearch" })).toBeVisible();
    await page.keyboard.press("ArrowLeft"); // collapse it
    await expect(tree.getByRole("treeitem", { name: /vertex_ai/ })).toHaveCount(0);

    // The selected span survives a reload (deep link).
    await page.reload();
    await expect(page.getByLabel("Span detail").getByRole("heading", { name: "vector.similaritySearch" })).toBeVisible();

    await page.getByRole("button", { name: "Collapse all" }).click();
    await expect(tree.getByRole("treeitem")).toHaveCount(2); // the root and the missing-parent marker
    await page.getByRole("searchbox", { name: "Search spans in this trace" }).fill("findneighbors");
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Span detail").getByRole("heading", { name: "vertex_ai.findNeighbors" })).toBeVisible();
    await page.getByRole("button", { name: "Expand all" }).click();
    await expect(tree.getByRole("treeitem")).toHaveCount(8);
  });

  test("a trace says when it started, links the metrics of that minute and the incident covering it, shows whole keys and the critical path", async ({ page, request }) => {
    const created = await request.post("/api/admin/incidents", {
      headers: { Authorization: `Bearer ${tokenFor("operator")}` },
      data: { title: `Trace context ${randomUUID().slice(0, 8)}`, severity: "critical" },
    });
    const incident = (await created.json()) as { id: number; title: string };
    const startMs = Date.now() - 30_000;
    const key = "db.connections_used.by_pool_and_replica_of_the_primary";
    const { traceId, request: body } = syntheticExport(
      {
        name: "GET /api/report",
        service: "report-api",
        offsetMs: 0,
        durationMs: 900,
        children: [
          { name: "db.query", service: "postgres", offsetMs: 10, durationMs: 300, attributes: { [key]: 7 } },
          { name: "cache.get", service: "cache", offsetMs: 20, durationMs: 100 },
          { name: "render", service: "report-api", offsetMs: 320, durationMs: 560 },
        ],
      },
      startMs,
    );
    await exportTrace(request, body);

    await page.goto(`/traces/${traceId}`);
    const context = page.getByTestId("trace-context");
    await expect(context).toContainText(/Started \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    const minute = new Date(Math.floor(startMs / 60_000) * 60_000).toISOString();
    await expect(context.getByRole("link", { name: "Metrics of that minute" })).toHaveAttribute("href", new RegExp(`^/metrics\\?range=custom&from=${encodeURIComponent(minute)}&`));
    await context.getByRole("link", { name: `During incident #${incident.id}: ${incident.title}` }).click();
    await expect(page).toHaveURL(new RegExp(`/incidents/${incident.id}$`));
    await page.goBack();

    // The critical path: the root, render and the query render waited for, each marked; the cache read ran alongside.
    const tree = page.getByRole("tree");
    await expect(tree.locator('[role="treeitem"][data-critical]')).toHaveCount(3);
    await expect(tree.getByRole("treeitem", { name: /critical path: render/ })).toBeVisible();
    await expect(tree.getByRole("treeitem", { name: /critical path: cache\.get/ })).toHaveCount(0);
    await expect(tree.getByRole("treeitem", { name: /cache\.get/ })).toBeVisible();

    await tree.getByRole("treeitem", { name: /db\.query/ }).click();
    const term = page.getByLabel("Span detail").locator("dt", { hasText: key });
    await expect(term).toHaveText(key);
    expect(await term.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  });

  test("opens the waterfall of Opsdeck's own request from its X-Trace-ID pasted in the header", async ({ page, request }) => {
    // Not a probe: probes skip the credential and the limiter, and are not worth a span each.
    const response = await request.get("/api/health/pool-stats", { headers: { Authorization: `Bearer ${tokenFor("viewer")}` } });
    const traceId = response.headers()["x-trace-id"];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await page.goto("/");
    await page.getByRole("searchbox", { name: "Open a trace by id" }).fill(`X-Trace-ID: ${traceId}`);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/traces/${traceId}`));
    // Self-export is batched: the span arrives within a few seconds.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("treeitem", { name: /GET \/api\/health\/pool-stats/ })).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 40_000 });
  });

  test("opens and scrolls a 10,000-span trace", async ({ page, request }) => {
    const { traceId, request: body } = syntheticExport(largeTrace(10_000), Date.now() - 300_000);
    await exportTrace(request, body);
    await page.goto(`/traces/${traceId}`);
    await expect(page.getByText("10,000", { exact: true })).toBeVisible();
    const rendered = await page.getByRole("treeitem").count();
    expect(rendered).toBeLessThan(200); // virtualised
    await page.getByTestId("waterfall-scroll").evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await expect(page.getByRole("treeitem", { name: /reindex\.batch 1110|db\.query|cache\.get|vector/ }).last()).toBeVisible();
  });

  test("says so for an unknown trace and a malformed id", async ({ page }) => {
    await page.goto(`/traces/${"ab".repeat(16)}`);
    await expect(page.getByText("Trace not found")).toBeVisible();
    await page.goto("/traces/not-a-trace");
    await expect(page.getByText("Not a trace id")).toBeVisible();
  });
});

test.describe("traces on a phone @phone", () => {
  test("tapping a span brings its detail into view", async ({ page, request }) => {
    const traceId = await seedChatTrace(request);
    await page.goto(`/traces/${traceId}`);
    await page.getByRole("treeitem", { name: /llm\.complete/ }).click();
    await expect(page.getByLabel("Span detail").getByRole("heading", { name: "llm.complete" })).toBeInViewport();
  });

  test("the waterfall fits 375 px", async ({ page, request }) => {
    const traceId = await seedChatTrace(request);
    await page.goto(`/traces/${traceId}`);
    await expect(page.getByRole("treeitem").first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test.describe("span-level search and slow spans", () => {
  test("a request id in the header box opens its one trace, and one carried by two traces lists both with the matching spans", async ({ page, request }) => {
    const run = randomUUID().slice(0, 8);
    const requestTrace = (requestId: string, offset: number) =>
      syntheticExport(
        {
          name: "POST /api/checkout",
          service: `shop-${run}`,
          offsetMs: 0,
          durationMs: 90,
          children: [{ name: "payments.charge", service: `payments-${run}`, offsetMs: 5, durationMs: 60, attributes: { request_id: requestId, "http.status_code": 502 } }],
        },
        Date.now() - 120_000 + offset,
      );
    const single = requestTrace(`req-${run}-one`, 0);
    const first = requestTrace(`req-${run}-two`, 1000);
    const second = requestTrace(`req-${run}-two`, 2000);
    await exportTrace(request, { resourceSpans: [single, first, second].flatMap((trace) => trace.request.resourceSpans) });

    await page.goto("/");
    const box = page.getByRole("searchbox", { name: "Open a trace by id or request id" });
    await box.fill(`req-${run}-one`);
    await box.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/traces/${single.traceId}$`));
    await expect(page.getByRole("treeitem", { name: /payments\.charge/ })).toBeVisible();

    await box.fill(`req-${run}-two`);
    await box.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/traces\\?requestId=req-${run}-two$`));
    await expect(page.getByLabel("Request id", { exact: true })).toHaveValue(`req-${run}-two`);
    const rows = page.getByRole("table", { name: "Traces" }).locator("tbody tr");
    await expect(rows).toHaveCount(2);
    // Each row names the span that carries the request id and opens the waterfall on it.
    const matched = page.getByRole("list", { name: `Matching spans of trace ${first.traceId.slice(0, 8)}` }).getByRole("link", { name: "payments.charge" });
    await expect(matched).toBeVisible();
    await matched.click();
    await expect(page).toHaveURL(new RegExp(`/traces/${first.traceId}\\?span=[0-9a-f]{16}$`));
    await expect(page.getByLabel("Span detail").getByRole("heading", { name: "payments.charge" })).toBeVisible();

    // The form's span filters go into the URL: an attribute comparison finds the same spans.
    await page.goto(`/traces?service=payments-${run}`);
    await page.getByLabel("Span attribute").fill("http.status_code>=500");
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("attr")).toBe("http.status_code>=500");
    await expect(rows).toHaveCount(3);
  });

  test("the waterfall marks spans over 100 ms slow in amber with words, apart from the red error", async ({ page, request }) => {
    const traceId = await seedChatTrace(request);
    await page.goto(`/traces/${traceId}`);
    const tree = page.getByRole("tree");
    const auth = tree.getByRole("treeitem", { name: /auth\.validateCredentials/ });
    await expect(auth).toHaveAttribute("data-marking", "slow");
    await expect(auth).toContainText("slow: over 100 ms");
    // vertex_ai.findNeighbors is slow too (172 ms) but failed: it is marked an error, not slow.
    const vertex = tree.getByRole("treeitem", { name: /vertex_ai\.findNeighbors/ });
    await expect(vertex).toHaveAttribute("data-marking", "error");
    await expect(vertex).not.toContainText("slow: over");
    await expect(page.getByTestId("span-legend")).toContainText("⚠ error");
    await expect(page.getByTestId("span-legend")).toContainText("⏱ slow: over 100 ms");
  });
});
