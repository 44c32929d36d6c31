import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { settled } from './helpers';

/**
 * axe's serious and critical violations in the page (or in one part of it), one line each naming the
 * rule and the first elements, so a failing assertion says what to fix.
 */
export async function seriousViolations(page: Page, only?: string): Promise<string[]> {
  await settled(page);
  const axe = new AxeBuilder({ page });
  const results = await (only ? axe.include(only) : axe).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}
