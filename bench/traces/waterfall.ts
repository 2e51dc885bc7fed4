/**
 * Waterfall speed in Chromium: time to first render (navigation → first span row drawn), time
 * until every page of spans is in, and scroll frame times (requestAnimationFrame deltas while the
 * waterfall scrolls 400 frames), for traces of 10,000 and 100,000 spans exported to a running Opsdeck.
 *
 *   BASE_URL=http://localhost:3000 TOKEN=odk_… npx tsx bench/traces/waterfall.ts
 *
 * TOKEN must be an operator or admin token (the traces are exported with it); the pages are opened
 * as a person signed in through the development sign-in (a server started with `npm start`).
 */
import { chromium } from "@playwright/test";
import { largeTrace, syntheticExport } from "@/lib/traces/synthetic";
import { percentile } from "@/bench/measure";
import { devSessionState } from "@/bench/web/dev-session";

const baseUrl = process.env.BASE_URL ?? "http://localhost:3000";
const token = process.env.TOKEN;
if (!token) throw new Error("Set TOKEN to an operator or admin API token");
const SIZES = (process.env.SIZES ?? "10000,100000").split(",").map(Number);
const EXPORT_SPANS = 10_000;

/** Sends one big trace in exports of EXPORT_SPANS spans, as an SDK's batch exporter would. */
async function exportTrace(size: number): Promise<string> {
  const { traceId, request } = syntheticExport(largeTrace(size, 120_000), Date.now() - 600_000);
  const resource = request.resourceSpans;
  const all = resource.flatMap((rs) => rs.scopeSpans[0]!.spans.map((span) => ({ rs, span })));
  for (let offset = 0; offset < all.length; offset += EXPORT_SPANS) {
    const chunk = all.slice(offset, offset + EXPORT_SPANS);
    const body = {
      resourceSpans: resource.map((rs) => ({ ...rs, scopeSpans: [{ ...rs.scopeSpans[0], spans: chunk.filter((item) => item.rs === rs).map((item) => item.span) }] })),
    };
    const response = await fetch(`${baseUrl}/v1/traces`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`/v1/traces answered ${response.status}: ${await response.text()}`);
  }
  return traceId;
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const storageState = await devSessionState(browser, baseUrl);
console.log("spans".padStart(8), "first row ms".padStart(13), "all loaded ms".padStart(14), "frame p50".padStart(10), "frame p95".padStart(10), "frame max".padStart(10), "long frames".padStart(12));
for (const size of SIZES) {
  const traceId = await exportTrace(size);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, storageState });
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(`${baseUrl}/traces/${traceId}`);
  await page.getByRole("treeitem").first().waitFor({ timeout: 120_000 });
  const firstRow = performance.now() - started;
  await page.getByText(/Loading spans/).waitFor({ state: "detached", timeout: 300_000 });
  const allLoaded = performance.now() - started;
  await page.getByRole("treeitem").first().waitFor();
  // A string, not a function: tsx would wrap a function's inner closures in a helper the page lacks.
  const frames = (await page.evaluate(`new Promise((resolve) => {
    const element = document.querySelector('[data-testid="waterfall-scroll"]');
    const deltas = [];
    let last = performance.now();
    let frame = 0;
    function step() {
      const now = performance.now();
      deltas.push(now - last);
      last = now;
      element.scrollTop += 240;
      if (++frame < 400) requestAnimationFrame(step);
      else resolve(deltas.slice(1));
    }
    requestAnimationFrame(step);
  })`)) as number[];
  console.log(
    size.toLocaleString().padStart(8),
    firstRow.toFixed(0).padStart(13),
    allLoaded.toFixed(0).padStart(14),
    percentile(frames, 50).toFixed(1).padStart(10),
    percentile(frames, 95).toFixed(1).padStart(10),
    Math.max(...frames).toFixed(1).padStart(10),
    String(frames.filter((ms) => ms > 50).length).padStart(12),
  );
  await context.close();
}
await browser.close();
