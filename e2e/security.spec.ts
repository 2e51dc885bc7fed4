import { navItems } from "@/components/shell/nav-items";
import { expect, test, tokenFor } from "./fixtures";

const policyOf = (headers: Record<string, string>) => headers["content-security-policy"] ?? "";

test.describe("security headers", () => {
  test("every page answers with a nonce-based script policy, frame-ancestors 'none', nosniff and a referrer policy, and runs with no violation", async ({ page }) => {
    const violations: string[] = [];
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    page.on("console", (message) => {
      if (/Content Security Policy|CSP violation/i.test(message.text())) violations.push(message.text());
    });
    const nonces = new Set<string>();
    for (const path of [...navItems.map((item) => item.href), "/api/docs"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBeLessThan(400);
      await expect(page.locator("h1").first(), path).toBeVisible();
      const headers = response?.headers() ?? {};
      const policy = policyOf(headers);
      const scripts = policy.split(";").find((directive) => directive.trim().startsWith("script-src")) ?? "";
      expect(scripts, path).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
      expect(scripts, path).not.toContain("unsafe-inline");
      // Only the API docs may evaluate code (Swagger UI needs it); no page runs inline scripts.
      if (path !== "/api/docs") expect(scripts, path).not.toContain("unsafe-eval");
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
      // http://localhost: no HSTS (it is sent only when AUTH_URL is https).
      expect(headers["strict-transport-security"], path).toBeUndefined();
      nonces.add(scripts.match(/'nonce-([^']+)'/)?.[1] ?? "");
    }
    expect(nonces.size, "a fresh nonce per page").toBe(navItems.length + 1);
    expect(violations).toEqual([]);
  });

  test("the API docs (Swagger UI) render and work under the policy", async ({ page }) => {
    await page.goto("/api/docs");
    await expect(page.locator(".swagger-ui .opblock").first()).toBeVisible();
    await page.locator(".swagger-ui .opblock-summary").first().click();
    await expect(page.locator(".swagger-ui .opblock-body").first()).toBeVisible();
  });

  test("API answers carry a policy that loads nothing, frame-ancestors 'none' and nosniff", async ({ request }) => {
    for (const [path, headers] of [
      ["/api/health/live", {}],
      ["/api/health/pool-stats", { Authorization: `Bearer ${tokenFor("viewer")}` }],
      ["/api/admin/tokens", {}],
    ] as const) {
      const response = await request.get(path, { headers });
      expect(policyOf(response.headers()), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers()["x-content-type-options"], path).toBe("nosniff");
      expect(response.headers()["referrer-policy"], path).toBeTruthy();
    }
  });

  test("the session cookie is HttpOnly and SameSite=Lax (and Secure only under https)", async ({ context }) => {
    const session = (await context.cookies()).find((cookie) => cookie.name.endsWith("authjs.session-token"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
  });
});
