/**
 * The opening-key ceremony in the browser: centre staff open a published tender in the workspace,
 * pick four custodians whose SM2 certificates were issued in this test, keep 3 of n, confirm; the
 * page shows the opening public key and the custodians with share numbers and fingerprints. Then
 * three custodians decrypt their shares with their certificate keys and rebuild the opening key.
 * Needs the built web app (`npm test` builds it first).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTotpSecret, totp } from '../../apps/server/src/modules/identity/index.js';
import { combineShares } from '../../apps/server/src/modules/tendering/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { sm2, sm3Hex } from '../../apps/server/src/platform/crypto/gm/index.js';
import { client } from '../api/http.js';
import { type BidderKey, bidderKey, publishedTender, registerProjectSection, tenderInput } from '../api/tender-fixture.js';
import { collectPageErrors, launchBrowser, newDesktopContext, signInInBrowser } from '../support/browser.js';
import { DEMO_PASSWORD, e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { signIn as apiSignIn } from '../support/sign-in.js';

const webDist = resolve(import.meta.dirname, '../../apps/web/dist');
const CUSTODIANS = ['tenderer', 'agency', 'supervisor', 'staff'] as const;
type Custodian = (typeof CUSTODIANS)[number];

describe.each(e2eDatabaseKinds())('the opening-key ceremony in the browser on %s', (database) => {
  const clock = manualClock('2026-11-27T02:00:00Z');
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  const apis = new Map<Custodian, ReturnType<typeof client>>();
  const keys = new Map<Custodian, BidderKey>();
  let tenderId = '';

  beforeAll(async () => {
    if (!existsSync(join(webDist, 'index.html'))) throw new Error(`${webDist}/index.html is missing: run \`npm run build -w apps/web\` first`);
    server = await startTestServer({ database, clock });
    browser = await launchBrowser();
    for (const name of CUSTODIANS) {
      const api = (await apiSignIn(server.url, name, { at: clock.now() })).api;
      apis.set(name, api);
      keys.set(name, await bidderKey(api));
    }
    const tenderer = apis.get('tenderer') as ReturnType<typeof client>;
    const staff = apis.get('staff') as ReturnType<typeof client>;
    const section = await registerProjectSection(tenderer, staff, '观山湖区第七中学教学楼建设工程', '2611-520115-48-01-510071');
    tenderId = await publishedTender(tenderer, staff, tenderInput(section, { title: '观山湖区第七中学教学楼建设工程施工招标公告' }));
    // The staff member's one-time code of this half-minute is used: the browser signs in a minute later.
    clock.advance(60_000);
    context = await newDesktopContext(browser, server.url);
    context.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  async function signInPage(username: string): Promise<Page> {
    const page = await context.newPage();
    await signInInBrowser(page, { username, password: DEMO_PASSWORD, totp: () => totp(demoTotpSecret(username), clock.now(), server.platform.deps.config.TOTP_ALGORITHM) });
    return page;
  }

  it('staff pick custodians by their certificates, keep 3 of 4, and the page shows the published key; shares open with the certificate keys', async () => {
    const page = await signInPage('staff');
    const errors = collectPageErrors(page);
    await page.goto(`/workspace/tenders/${tenderId}`);
    const card = page.getByTestId('opening-key-card');
    await card.getByTestId('opening-key-ceremony').waitFor();
    const userIds = await Promise.all(CUSTODIANS.map((name) => keys.get(name)?.userId ?? ''));
    await expect.poll(() => card.getByTestId('opening-key-candidate').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-user')))).toEqual(userIds);
    // The candidate list shows each certificate key's SM3 fingerprint.
    const agencyRow = card.locator(`[data-user="${keys.get('agency')?.userId}"]`);
    expect(await agencyRow.locator('[data-fingerprint]').getAttribute('data-fingerprint')).toBe(sm3Hex(Buffer.from(keys.get('agency')?.publicKey ?? '', 'hex')));

    expect(await card.getByTestId('opening-key-run').isDisabled()).toBe(true);
    for (const id of userIds) await card.locator(`[data-user="${id}"] .ant-checkbox-input`).check();
    expect(await card.getByTestId('opening-key-count').textContent()).toBe('保管人 n = 4');
    expect(await card.getByTestId('opening-key-threshold-input').inputValue()).toBe('3');
    await card.getByTestId('opening-key-run').click();
    const created = page.waitForResponse((r) => r.url().endsWith(`/api/tenders/${tenderId}/opening-key`) && r.request().method() === 'POST');
    await page.getByTestId('opening-key-confirm').click();
    expect((await created).status()).toBe(201);

    await card.getByTestId('opening-key-published').waitFor();
    expect(await card.getByTestId('opening-key-threshold').textContent()).toBe('门限：4 名保管人中任意 3 名');
    const shown = await card.getByTestId('opening-key-public').innerText();
    const rows = card.getByTestId('opening-key-custodian');
    expect(await rows.count()).toBe(4);
    expect(await rows.locator('[data-fingerprint]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-fingerprint')))).toEqual(
      CUSTODIANS.map((name) => sm3Hex(Buffer.from(keys.get(name)?.publicKey ?? '', 'hex'))),
    );

    // Three custodians decrypt their shares with their certificates' private keys: the opening key is rebuilt.
    const shares = [];
    for (const name of ['agency', 'supervisor', 'tenderer'] as const) {
      const mine = (await apis.get(name)?.get(`/api/tenders/${tenderId}/opening-key/my-share`))?.body as { x: number; wrappedShare: string };
      shares.push(JSON.parse(Buffer.from(sm2.decrypt(Buffer.from(mine.wrappedShare, 'base64'), keys.get(name)?.privateKey ?? '')).toString()) as { x: number; y: string });
    }
    expect(sm2.publicKeyOf(combineShares(shares))).toBe(shown.trim());
    // The page asks for the key only once the tender says the ceremony was held: nothing failed.
    expect(errors).toEqual([]);
  });
});
