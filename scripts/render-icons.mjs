// Renders build/icon.svg to the PNGs electron-builder packages (it derives .ico and .icns from icon.png).
// Run by hand after changing the SVG: npx tsx scripts/render-icons.mjs
import { chromium } from '@playwright/test';
import { chromiumPathOrExit } from '../cli/find-chromium.ts';
import { readFileSync } from 'node:fs';

const svg = readFileSync('build/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: chromiumPathOrExit(), args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } });
await page.setContent(`<html><head><style>svg{display:block}</style></head><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: 'build/icon.png', omitBackground: true });
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><head><style>svg{display:block}</style></head><body style="margin:0;background:transparent">${svg.replace('width="1024" height="1024"', `width="${size}" height="${size}"`)}</body></html>`);
  await page.locator('svg').screenshot({ path: `build/icons/${size}x${size}.png`, omitBackground: true });
}
await browser.close();
console.log('wrote build/icon.png and build/icons/*.png');
