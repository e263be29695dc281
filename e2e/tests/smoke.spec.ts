import { test, expect } from '@playwright/test';

test('the server serves the editor, the agent workspace and the demo shop', async ({ page }) => {
  for (const path of ['/', '/agent', '/demo']) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.locator('#root')).not.toBeEmpty();
  }
});
