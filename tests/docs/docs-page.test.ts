// The interactive docs at /docs in a real headless Chromium: the page renders the operations, every request
// it makes stays on 127.0.0.1, it runs under its strict CSP, and "Try it out" → "Execute" calls the API.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { loadDemo } from '../../src/demo/seed.js';
import { ADMIN_KEY } from '../helpers/app.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`tests/docs/docs-page.test.ts skipped: ${CHROMIUM} is absent (install it with: apt-get install -y chromium)`);
}

// The flags Chromium needs on this closed network (see .library/env/machines/node.md). Playwright refuses a
// --user-data-dir argument: chromium.launch() itself passes a new, empty temporary one and removes it on close.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const TIMEOUT = 30_000;

describe.skipIf(!hasChromium)('interactive docs at /docs', () => {
  let app: FastifyInstance;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let firstClaimText: string;
  const requests: string[] = [];
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const db = openDatabase(':memory:');
    loadDemo(db);
    // publicReads off: the docs must stay open even when reads need a key.
    app = await buildApp({ adminKey: ADMIN_KEY, publicReads: false, bodyLimit: 1_048_576, logLevel: 'silent' }, { db });
    await app.listen({ host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const first = await app.inject({ url: '/v1/claims', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    firstClaimText = (first.json() as { data: { text: string }[] }).data[0]!.text;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: TIMEOUT });
    context = await browser.newContext();
    context.setDefaultTimeout(15_000);
    // The context sees the page's requests and any its workers make.
    context.on('request', (request) => requests.push(request.url()));
    page = await context.newPage();
    page.on('console', (message) => {
      if (/content security policy/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  }, TIMEOUT);

  /** Opens /docs unless the page is already there (the tests share one page, in order). */
  async function openDocs(): Promise<void> {
    if (page.url().startsWith(`${origin}/docs`)) return;
    const response = await page.goto(`${origin}/docs`);
    expect(response?.status()).toBe(200);
  }

  it('serves the page and assets open to all, with a strict CSP', async () => {
    for (const url of ['/docs', '/docs/json', '/docs/static/swagger-ui.css', '/docs/static/swagger-initializer.js']) {
      const response = await fetch(`${origin}${url}`);
      expect(response.status, url).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, url).toMatch(/script-src 'self';/);
      expect(csp, url).not.toMatch(/unsafe-eval|https:|http:/);
    }
    // The app's strict query check is not applied to the docs' static files.
    expect((await fetch(`${origin}/docs/static/swagger-ui.css?v=1`)).status).toBe(200);
    // Nothing of the docs appears in the API description.
    const document = JSON.stringify(await (await fetch(`${origin}/openapi.json`)).json());
    expect(document).not.toMatch(/\/docs|swagger-ui/);
  }, TIMEOUT);

  it('lists the operations, from local assets only', async () => {
    await openDocs();
    await expect(page.title()).resolves.toBe('whosaid API');
    await page.locator('.swagger-ui .info .title', { hasText: 'whosaid' }).waitFor();

    const listClaims = page.locator('#operations-claims-listClaims');
    const getNetwork = page.locator('#operations-networks-getNetwork');
    await listClaims.waitFor();
    await getNetwork.waitFor();
    await expect(listClaims.locator('.opblock-summary-operation-id').textContent()).resolves.toBe('listClaims');
    await expect(listClaims.locator('.opblock-summary-description').textContent()).resolves.toBe('List claims');
    await expect(getNetwork.locator('.opblock-summary-description').textContent()).resolves.toBe('Compute a discourse network');
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);

    expect(requests.length).toBeGreaterThan(0);
    expect(requests).toContain(`${origin}/docs/json`);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('runs GET /v1/claims with "Try it out" and "Execute"', async () => {
    await openDocs();
    // Reads need a key here: authorize first, as a user would, through the Authorize dialog.
    await page.locator('button.authorize').first().click();
    await page.locator('.auth-container input[type="text"], .auth-container input[type="password"]').first().fill(ADMIN_KEY);
    await page.locator('.auth-btn-wrapper button.authorize').click();
    await page.locator('.auth-btn-wrapper button.btn-done').click();

    const operation = page.locator('#operations-claims-listClaims');
    await operation.locator('.opblock-summary-control').click();
    await operation.locator('button.try-out__btn', { hasText: 'Try it out' }).click();
    await operation.locator('button.execute').click();

    const live = operation.locator('.live-responses-table');
    await live.locator('.response-col_status', { hasText: '200' }).waitFor();
    const body = operation.locator('.live-responses-table .response-col_description .highlight-code');
    await body.waitFor();
    const text = (await body.textContent()) ?? '';
    expect(text).toContain('"data"');
    expect(text).toContain(JSON.stringify(firstClaimText));

    expect(requests.some((url) => url.startsWith(`${origin}/v1/claims`))).toBe(true);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);
});
