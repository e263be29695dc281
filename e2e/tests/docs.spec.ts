import { test, expect } from '@playwright/test';

// The API reference renders from our own origin under the page CSP: every asset loads, nothing is blocked.
test('the API docs page renders the OpenAPI contract under the page CSP', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto('/api/docs');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  // Swagger UI draws one block per operation once it has read /api/openapi.json.
  await expect(page.locator('.opblock-summary-path', { hasText: '/api/conversations/{id}/messages' }).first()).toBeVisible();
  await expect(page.locator('.opblock').first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  expect(problems).toEqual([]);
});
