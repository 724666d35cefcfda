/**
 * Project entry and the lifecycle in headless Chromium against the real server (embedded PGlite,
 * demo seed, the built bundle): a tenderer registers a project through the form (live code
 * validation, the catalogue's decision), centre staff accept it, the housing department's system
 * pushes a completion acceptance through the department API before trading, and the supervisor
 * sees the 先建设后招标 alert with counts and charts. Run `npm run build -w apps/web` first.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDealCode, checkProjectCode } from '@ggzy/contracts';
import { demoTotpSecret, totp } from '../../apps/server/src/modules/identity/index.js';
import { civilDateOf, addCalendarDays } from '../../apps/server/src/platform/calendar/index.js';
import { collectPageErrors, documentScrollWidth, launchBrowser, newDesktopContext, newPhoneContext, PHONE_VIEWPORT, signInInBrowser } from '../support/browser.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../support/server.js';

const webDist = resolve(import.meta.dirname, '../../apps/web/dist/index.html');
const screenshotDir = process.env.SCREENSHOT_DIR ?? '/tmp';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(webDist)) throw new Error(`${webDist} is missing: run \`npm run build -w apps/web\` first`);
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await server?.close();
});

async function newPage(kind: 'desktop' | 'phone'): Promise<Page> {
  const context = kind === 'desktop' ? await newDesktopContext(browser, server.url) : await newPhoneContext(browser, server.url);
  context.setDefaultTimeout(15_000);
  contexts.push(context);
  return context.newPage();
}

/** Password, then (staff, supervisors) the TOTP code from the demo authenticator. */
async function signIn(page: Page, username: string): Promise<void> {
  await signInInBrowser(page, { username, password: DEMO_PASSWORD, totp: () => totp(demoTotpSecret(username), new Date(), server.platform.deps.config.TOTP_ALGORITHM) });
}

/** Console errors other than the expected 401 of /api/auth/me before sign-in. */
function unexpected(errors: string[]): string[] {
  return errors.filter((error) => !/Failed to load resource: the server responded with a status of 401/.test(error));
}

const today = civilDateOf(new Date());
const approvalDate = addCalendarDays(today, -3);
const investProjectCode = `${today.slice(2, 4)}${today.slice(5, 7)}-520102-48-01-731905`;
const projectName = '南明区青云路历史街区风貌整治工程';

describe('project entry → acceptance → department report → supervisor alert', () => {
  let projectUrl = '';
  let projectCode = '';
  let dealCode = '';

  it('a tenderer registers a project with live validation and gets its codes', async () => {
    const page = await newPage('desktop');
    const errors = collectPageErrors(page);
    await signIn(page, 'tenderer');
    await page.getByTestId('nav-item-projectRegistration').click();
    await page.getByTestId('project-form').waitFor();

    await page.getByTestId('project-name').fill(projectName);
    // Live validation with the shared validators: the count of characters, then the wrong separator.
    const invest = page.getByTestId('project-invest-code');
    await invest.fill('2611-520102-48-01-73190');
    await expect.poll(() => page.getByText('投资项目统一代码应为 24 位，您输入了 23 位').count()).toBe(1);
    await invest.fill('2611_520102-48-01-731905');
    await expect.poll(() => page.getByText('投资项目统一代码第 5 位“_”不合规，应为连字符“-”').count()).toBe(1);
    await invest.fill(investProjectCode);
    await expect.poll(() => page.getByText(/投资项目统一代码.*不合规/).count()).toBe(0);

    await page.getByTestId('project-industry').fill('48');
    await page.getByTestId('project-amount').fill('12,800,000');
    await expect.poll(() => page.getByText('金额以元为单位，最多两位小数，如 12800000.00').count()).toBeGreaterThan(0);
    await page.getByTestId('project-amount').fill('12800000.00');
    // The catalogue decides live: state-funded works ≥ 4 million must enter (ENG-WORKS, version 1).
    const decision = page.getByTestId('must-enter-decision');
    await expect.poll(() => decision.getAttribute('data-must-enter')).toBe('true');
    expect(await decision.textContent()).toContain('国有资金投资工程施工');

    await page.getByTestId('project-approval-date').click();
    await page.keyboard.type(approvalDate);
    await page.keyboard.press('Enter');
    await page.getByTestId('project-document').fill('筑南发改审〔2026〕77号');
    await page.getByTestId('project-authority').fill('贵阳市南明区发展和改革局');
    await page.getByTestId('section-name-0').fill('一标段（街区立面及管网）');
    await page.getByTestId('section-amount-0').fill('9600000');
    await page.getByTestId('section-add').click();
    await page.getByTestId('section-name-1').fill('二标段（景观照明）');
    await page.getByTestId('section-amount-1').fill('3200000.00');
    await expect.poll(() => page.getByTestId('section-total').textContent()).toContain('12,800,000.00');
    await page.screenshot({ path: `${screenshotDir}/ggzy-project-form-desktop.png`, fullPage: true });

    const created = page.waitForResponse((response) => response.url().endsWith('/api/projects') && response.request().method() === 'POST');
    await page.getByTestId('project-submit').click();
    const response = await created;
    expect(response.status()).toBe(201);
    const project = (await response.json()) as { id: string; projectCode: string; sections: Array<{ dealCode: string }> };
    projectCode = project.projectCode;
    dealCode = project.sections[0]?.dealCode ?? '';
    await page.waitForURL(`${server.url}/workspace/projects/${project.id}`);
    projectUrl = page.url();

    await expect.poll(() => page.getByTestId('project-code').textContent()).toBe(projectCode);
    expect(checkProjectCode(projectCode).ok && projectCode.startsWith('G520102')).toBe(true);
    expect(await page.getByTestId('deal-code').count()).toBe(2);
    expect(checkDealCode((await page.getByTestId('deal-code').first().textContent()) ?? '').ok).toBe(true);
    expect(await page.getByTestId('project-status').first().textContent()).toBe('待审核');
    await page.getByTestId('timeline-approval').waitFor();
    expect(unexpected(errors)).toEqual([]);
  });

  it('centre staff accept the entry from the review queue', async () => {
    const page = await newPage('desktop');
    await signIn(page, 'staff');
    await page.getByTestId('nav-item-entryReview').click();
    const item = page.getByTestId(`project-item-${projectCode}`);
    await item.waitFor();
    await page.screenshot({ path: `${screenshotDir}/ggzy-project-review-desktop.png`, fullPage: true });
    const reviewed = page.waitForResponse((response) => response.url().endsWith('/review'));
    await item.getByTestId('project-accept').click();
    expect((await reviewed).status()).toBe(200);
    await expect.poll(() => page.getByTestId(`project-item-${projectCode}`).count()).toBe(0);
  });

  it('the housing department pushes a completion acceptance before trading; the supervisor sees 先建设后招标', async () => {
    const page = await newPage('desktop');
    const errors = collectPageErrors(page);
    await signIn(page, 'supervisor');
    // The department system's API token (the demo supervisor account is the housing department's client).
    const token = await page.evaluate(async () => {
      const response = await fetch('/api/auth/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '住建厅竣工验收备案系统' }) });
      return ((await response.json()) as { token: string }).token;
    });
    const pushed = await fetch(`${server.url}/api/lifecycle/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `acceptance-${projectCode}` },
      body: JSON.stringify({ dealCode, stage: 'completionAcceptance', title: '房屋建筑和市政基础设施工程竣工验收备案', occurredOn: today, documentNumber: '筑建竣备〔2026〕1207号' }),
    });
    expect(pushed.status).toBe(201);
    const result = (await pushed.json()) as { alerts: Array<{ kind: string }> };
    expect(result.alerts.map((a) => a.kind)).toContain('builtBeforeTendering');

    await page.getByTestId('nav-item-warningSupervision').click();
    await page.getByTestId('alerts-page').waitFor();
    const row = page.getByTestId('alert-row-builtBeforeTendering').filter({ hasText: projectName });
    await row.waitFor();
    expect(await row.textContent()).toContain(`先建设后招标：交易尚未完成，但 ${today} 起已报送竣工验收`);
    expect(await row.textContent()).toContain('贵州省住房和城乡建设厅');
    expect(Number(await page.getByTestId('alert-count-builtBeforeTendering').locator('.ant-statistic-content-value').textContent())).toBeGreaterThanOrEqual(2);
    await page.getByTestId('alerts-region-chart').locator('canvas').waitFor();
    await page.getByTestId('alerts-department-chart').locator('canvas').waitFor();
    await page.screenshot({ path: `${screenshotDir}/ggzy-alerts-desktop.png`, fullPage: true });

    await page.getByTestId('alerts-filter-notEntered').click();
    await expect.poll(() => page.getByTestId('alert-row-builtBeforeTendering').count()).toBe(0);
    expect(unexpected(errors)).toEqual([]);
  });

  it('the project page shows the timeline and the alert, and fits a 375 px phone', async () => {
    const page = await newPage('phone');
    const errors = collectPageErrors(page);
    await signIn(page, 'tenderer');
    await page.goto(projectUrl);
    await page.getByTestId('timeline-completionAcceptance').waitFor();
    await page.getByTestId('alert-builtBeforeTendering').waitFor();
    await page.screenshot({ path: `${screenshotDir}/ggzy-project-page-phone.png`, fullPage: true });
    expect(await documentScrollWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);

    await page.goto('/workspace/projects/new');
    await page.getByTestId('project-form').waitFor();
    await page.screenshot({ path: `${screenshotDir}/ggzy-project-form-phone.png`, fullPage: true });
    expect(await documentScrollWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    expect(unexpected(errors)).toEqual([]);
  });

  it('the alert supervision page fits a 375 px phone', async () => {
    const page = await newPage('phone');
    // An administrator also sees alerts; the supervisor's one-time code of this half-minute is already used.
    await signIn(page, 'admin');
    await page.goto('/workspace/alerts');
    await page.getByTestId('alert-row-builtBeforeTendering').first().waitFor();
    await page.getByTestId('alerts-region-chart').locator('canvas').waitFor();
    await page.screenshot({ path: `${screenshotDir}/ggzy-alerts-phone.png`, fullPage: true });
    expect(await documentScrollWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
  });
});
