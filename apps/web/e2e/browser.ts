import { createTestApp, TestApp } from '@project/testing';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContextOptions, chromium, Page } from 'playwright-core';

/**
 * Browser tests: the real API (on this file's copy of the test database) listening on a port, serving the
 * built web app, driven by Debian's Chromium (CHROMIUM_PATH to use another one).
 */

const ROOT = join(__dirname, '../../..');
const WEB_SOURCES = join(ROOT, 'apps/web');
const BUILT_INDEX = join(ROOT, 'dist/web/index.html');
/** Screenshots of every screen, kept as CI artefacts (git-ignored). */
export const SCREENSHOT_DIR = join(ROOT, 'tmp/screenshots');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'e2e' || name === 'test') continue;
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(path) : stat.mtimeMs);
  }
  return newest;
}

/** Builds the web app when dist/web is missing or older than its sources. */
export function ensureWebBuilt(): void {
  if (existsSync(BUILT_INDEX) && statSync(BUILT_INDEX).mtimeMs >= newestSource(WEB_SOURCES)) return;
  const build = spawnSync(process.execPath, [join(WEB_SOURCES, 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the web build failed:\n${build.stdout}\n${build.stderr}`);
}

export interface WebTestApp {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startWebTestApp(): Promise<WebTestApp> {
  ensureWebBuilt();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // Root in CI containers: Chromium's sandbox needs user namespaces it may not have.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  return {
    t,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it stands (none expected). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations
      .filter((violation: any) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation: any) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node: any) => String(node.target)),
      }));
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/**
 * A test file's API and browser, started once, and a fresh page in its own French context for each test
 * (read `.w` and `.page` inside the tests).
 */
export function browserTestFile(contextOptions: BrowserContextOptions = {}): { readonly w: WebTestApp; readonly page: Page } {
  const current = {} as { w: WebTestApp; page: Page };
  beforeAll(async () => {
    current.w = await startWebTestApp();
  });
  afterAll(async () => {
    await current.w?.close();
  });
  beforeEach(async () => {
    current.page = await (await current.w.browser.newContext({ locale: 'fr-FR', ...contextOptions })).newPage();
  });
  afterEach(async () => {
    await current.page.context().close();
  });
  return current;
}
