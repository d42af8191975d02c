import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

/** Screenshots go to test-results/; UPDATE_SCREENSHOTS=1 writes the ones the README shows instead. */
export const shots = fileURLToPath(
  new URL(
    process.env.UPDATE_SCREENSHOTS
      ? '../../../../docs/screenshots/'
      : '../../../../test-results/screenshots/',
    import.meta.url,
  ),
);
mkdirSync(shots, { recursive: true });

export const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile', width: 390, height: 844 },
] as const;

/** No serious or critical axe violations (WCAG 2.1 A and AA) on what the page shows now. */
export async function expectAccessible(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, label).toEqual([]);
}

/**
 * At each size: wait for loading to end, check with axe, and take the whole page, one part of it, or
 * (`'viewport'`) what fits the window, as the README's screenshots show it.
 */
export async function checkAndShoot(page: Page, name: string, part?: Locator | 'viewport') {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page
      .getByText(/Loading|Calculating|Searching|Restoring/)
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, `${name} at ${size.name}`);
    const path = `${shots}${name}-${size.name}.png`;
    if (part === 'viewport') await page.screenshot({ path });
    else if (part) await part.screenshot({ path });
    else await page.screenshot({ path, fullPage: true });
  }
}
