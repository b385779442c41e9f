import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { cli, repoRoot } from '../e2e/helpers.js';
import { usd } from '../../src/report/numbers.js';

// The HTML report in a real browser (Debian's chromium, headless): the charts draw, the figures
// match the JSON report, nothing is fetched from the network; a screenshot is kept.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const have = existsSync(CHROMIUM);
if (!have && process.env.CI) throw new Error(`CI is set but no chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
if (!have) console.warn(`skipping the HTML browser test: no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

const W = `${repoRoot}/fixtures/worked-example`;
const base = ['analyze', `${W}/requests.csv`, '--prices', `${W}/prices.yaml`, '--policy', `${W}/policy.yaml`, '--scale', '1M', '--scenario', '5%', '--scenario', '10%', '--no-cache'];

describe.skipIf(!have)('html report in headless chromium', () => {
  it('renders the charts and the JSON figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-html-'));
    const out = join(dir, 'report.html');
    const made = cli([...base, '--format', 'html', '--out', out]);
    expect(made.code).toBe(0);
    expect(made.stdout).toBe('');
    const json = JSON.parse(cli([...base, '--format', 'json']).stdout);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(out).href);
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      for (const chart of ['tiers-0', 'models-0', 'mix-0']) {
        const bars = page.locator(`svg[data-chart="${chart}"] rect.bar`);
        expect(await bars.count()).toBeGreaterThan(1);
        const box = await bars.first().boundingBox();
        expect(box!.width).toBeGreaterThan(0);
        expect(box!.height).toBeGreaterThan(0);
      }
      // four tiers x before/after
      expect(await page.locator('svg[data-chart="tiers-0"] rect.bar').count()).toBe(8);
      const s = json.simulations[0];
      expect(await page.getByTestId('spend-total').innerText()).toBe(usd(s.beforeUsd));
      expect(await page.getByTestId('after-total').innerText()).toBe(usd(s.afterUsd));
      expect(await page.getByTestId('after-total').innerText()).toBe('$27,600.00');
      expect(await page.getByTestId('before-0').innerText()).toBe('$56,000.00');
      expect(await page.getByTestId('savings-0').innerText()).toBe(usd(s.savingsUsd));
      expect(await page.getByTestId('fee-0-5%').innerText()).toBe('$1,380.00');
      expect(await page.getByTestId('fee-0-10%').innerText()).toBe('$2,760.00');
      mkdirSync(join(repoRoot, 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: join(repoRoot, 'test-artifacts', 'report.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 60_000);

  // fixtures/web-searches.csv (hand figures in test/e2e/analyze.test.ts): $0.05 of the $0.065375 spend is
  // searches; after routing, tier 1's 7 searches at gpt-4o-mini's $0.01 = $0.07, tier 2's on claude-3-haiku unbilled.
  it('shows the web searches\' part of the spend and of the bill after routing, as the JSON has them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-html-'));
    const out = join(dir, 'searches.html');
    const args = ['analyze', `${repoRoot}/fixtures/web-searches.csv`, '--policy', `${repoRoot}/fixtures/web-searches-policy.yaml`, '--no-cache'];
    expect(cli([...args, '--format', 'html', '--out', out]).code).toBe(0);
    const json = JSON.parse(cli([...args, '--format', 'json']).stdout);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
      await page.goto(pathToFileURL(out).href);
      expect(json.spend.webSearchUsd).toBeCloseTo(0.05, 15);
      expect(await page.locator('.card', { has: page.getByTestId('spend-total') }).locator('.note').innerText()).toContain(`web searches ${usd(json.spend.webSearchUsd)} of the spend`);
      expect(await page.getByTestId('after-web-search-0').innerText()).toBe(usd(json.simulations[0].afterWebSearchUsd));
      expect(await page.getByTestId('after-web-search-0').innerText()).toBe('$0.0700');
      const header = await page.locator('section.sim table').first().locator('th').allInnerTexts();
      expect(header).toEqual(['Tier', 'Model(s)', 'Requests', 'Before', 'After', 'Web search after', 'Saving']);
      const tier1 = await page.locator('section.sim table').first().locator('tbody tr').nth(1).locator('td').allInnerTexts();
      expect(tier1).toEqual(['1 standard', 'gpt-4o-mini', '2', '$0.0349', '$0.0704', '$0.0700', '-$0.0355']);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
