/**
 * A tender announcement in headless Chromium against the real server on a manual clock: a
 * tenderer drafts it through the form (deadline and bid security checked as typed against the
 * statutory rules the server serves) and submits it, centre staff approve it from the review
 * queue, it appears in the public trading hall and its public page opens (also on a 375 px
 * phone), a bidder obtains the documents, and eight days later the tenderer's substantive
 * clarification moves the deadline (条例 21) and the bidder sees the notification.
 * Run `npm run build -w apps/web` first.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTotpSecret, totp } from '../../apps/server/src/modules/identity/index.js';
import { addCalendarDays, civilDateOf } from '../../apps/server/src/platform/calendar/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { registerProjectSection } from '../api/tender-fixture.js';
import { collectPageErrors, documentScrollWidth, launchBrowser, newDesktopContext, newPhoneContext, PHONE_VIEWPORT, signInInBrowser } from '../support/browser.js';
import { DEMO_PASSWORD, e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { signIn as apiSignIn } from '../support/sign-in.js';

const webDist = resolve(import.meta.dirname, '../../apps/web/dist/index.html');
const screenshotDir = process.env.SCREENSHOT_DIR ?? '/tmp';
const DAY_MS = 86_400_000;
const TITLE = '观山湖区第三中学教学楼建设工程施工招标公告';

/** An instant as the pages show it: Beijing time, minutes. */
const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** Console errors other than the expected 401 of /api/auth/me when nobody is signed in. */
function unexpected(errors: string[]): string[] {
  return errors.filter((error) => !/Failed to load resource: the server responded with a status of 401/.test(error));
}

describe.each(e2eDatabaseKinds())('tender announcement in the browser on %s', (database) => {
  // Server time starts at the browser's time (to the second), so the date the form shows is today's.
  const start = new Date(Math.floor(Date.now() / 1000) * 1000);
  const clock = manualClock(start);
  const earliest = addCalendarDays(civilDateOf(start), 20);
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let sectionCode = '';
  let tenderId = '';
  let movedDeadline = '';

  beforeAll(async () => {
    if (!existsSync(webDist)) throw new Error(`${webDist} is missing: run \`npm run build -w apps/web\` first`);
    server = await startTestServer({ clock, database });
    browser = await launchBrowser();
    // The section comes from project entry, accepted by the centre (the project module's API).
    const tenderer = (await apiSignIn(server.url, 'tenderer', { at: clock.now() })).api;
    const staff = (await apiSignIn(server.url, 'staff', { at: clock.now() })).api;
    sectionCode = await registerProjectSection(tenderer, staff, '观山湖区第三中学教学楼建设工程', '2611-520115-48-01-510031');
    // The staff member's one-time code of this half-minute is used: the browser signs in a minute later.
    clock.set(new Date(start.getTime() + 60_000));
  });
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.close();
  });

  async function newPage(kind: 'desktop' | 'phone'): Promise<Page> {
    const context = kind === 'desktop' ? await newDesktopContext(browser, server.url) : await newPhoneContext(browser, server.url);
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    return context.newPage();
  }

  /** Password, then (staff) the TOTP code from the demo authenticator at the server's time. */
  async function signIn(page: Page, username: string): Promise<void> {
    await signInInBrowser(page, { username, password: DEMO_PASSWORD, totp: () => totp(demoTotpSecret(username), clock.now(), server.platform.deps.config.TOTP_ALGORITHM) });
  }

  it('a tenderer drafts the announcement with live statutory checks and submits it for review', async () => {
    const page = await newPage('desktop');
    const errors = collectPageErrors(page);
    await signIn(page, 'tenderer');
    await page.getByTestId('nav-item-tenderNotice').click();
    await page.getByTestId('my-tenders-page').waitFor();
    await page.getByTestId('tender-create').click();
    await page.getByTestId('tender-form').waitFor();

    await page.getByTestId('tender-title-input').fill(TITLE);
    await page.getByTestId('tender-announcement-input').fill('1. 招标条件：本项目已由贵阳市观山湖区发展和改革局批准建设。\n2. 项目概况与招标范围：教学楼施工。\n3. 投标人资格要求：建筑工程施工总承包二级及以上。');
    // 招标投标法 第二十四条, by server time: the rule is shown, and a deadline 10 days out is refused as typed.
    await expect.poll(() => page.getByTestId('tender-deadline-rule').textContent()).toContain(`截止时间最早为 ${earliest}`);
    const deadline = page.getByTestId('tender-deadline-input');
    await deadline.fill(`${addCalendarDays(civilDateOf(start), 10)}T09:30`);
    await expect.poll(() => page.getByText(`投标截止时间不得早于 ${earliest}（招标投标法 第二十四条）`).count()).toBe(1);
    await deadline.fill(`${earliest}T09:30`);
    await expect.poll(() => page.getByText(/投标截止时间不得早于/).count()).toBe(0);

    // Sections come from the accepted project; the bid security is checked against 2% of the estimate (条例 26).
    await page.getByTestId('tender-section-picker').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: sectionCode }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('tender-section-0').waitFor();
    expect(await page.getByTestId('tender-section-security-limit-0').textContent()).toBe('不得超过估算价的 2%：最多 300,000.00 元（招标投标法实施条例 第二十六条）');
    await page.getByTestId('tender-section-ceiling-0').fill('14800000.00');
    await page.getByTestId('tender-section-security-0').fill('300000.01');
    await expect.poll(() => page.getByText('超过估算价的 2%（最多 300,000.00 元）').count()).toBe(1);
    await page.getByTestId('tender-section-security-0').fill('300000.00');
    await expect.poll(() => page.getByText('超过估算价的 2%（最多 300,000.00 元）').count()).toBe(0);
    await page.screenshot({ path: `${screenshotDir}/ggzy-tender-form-desktop.png`, fullPage: true });

    const created = page.waitForResponse((r) => r.url().endsWith('/api/tenders') && r.request().method() === 'POST');
    const submitted = page.waitForResponse((r) => r.url().endsWith('/submit') && r.request().method() === 'POST');
    await page.getByTestId('tender-save-submit').click();
    const response = await created;
    expect(response.status()).toBe(201);
    const tender = (await response.json()) as { id: string; bidDeadline: string; sections: Array<{ sectionCode: string; security: { amount: string } }> };
    tenderId = tender.id;
    expect(tender.bidDeadline).toBe(new Date(`${earliest}T09:30:00+08:00`).toISOString());
    expect(tender.sections).toEqual([expect.objectContaining({ sectionCode, security: { kind: 'electronicGuarantee', amount: '300000.00' } })]);
    expect((await submitted).status()).toBe(200);

    await page.waitForURL(`${server.url}/workspace/tenders/${tenderId}`);
    await expect.poll(() => page.getByTestId('tender-status').getAttribute('data-status')).toBe('pendingReview');
    expect(await page.getByTestId('timeline-submitted').getAttribute('data-state')).toBe('process');
    expect(await page.getByTestId('timeline-published').getAttribute('data-state')).toBe('wait');
    expect(unexpected(errors)).toEqual([]);
  });

  it('centre staff approve it from the review queue', async () => {
    const page = await newPage('desktop');
    await signIn(page, 'staff');
    await page.getByTestId('nav-item-tenderReview').click();
    const item = page.locator(`[data-testid="tender-item"][data-tender="${tenderId}"]`);
    await item.waitFor();
    await page.screenshot({ path: `${screenshotDir}/ggzy-tender-review-desktop.png`, fullPage: true });
    const reviewed = page.waitForResponse((r) => r.url().endsWith(`/api/tenders/${tenderId}/review`));
    await item.getByTestId('tender-approve').click();
    expect((await reviewed).status()).toBe(200);
    await expect.poll(() => item.count()).toBe(0);
  });

  it('the trading hall lists it and its public page opens with sections, countdown and timeline', async () => {
    const page = await newPage('desktop');
    const errors = collectPageErrors(page);
    await page.goto('/');
    const row = page.getByTestId('announcement-item').filter({ hasText: TITLE });
    await row.waitFor();
    await row.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`${server.url}/tenders/${tenderId}`);
    await expect.poll(() => page.getByTestId('tender-title').textContent()).toBe(TITLE);
    expect(await page.getByTestId('tender-sections').textContent()).toContain(sectionCode);
    expect(await page.getByTestId('tender-deadline').textContent()).toBe(`${earliest} 09:30`);
    // 20 days minus the minute of review, by server time.
    await expect.poll(() => page.getByTestId('tender-countdown').textContent()).toMatch(/^(19|20) 天/);
    expect(await page.getByTestId('timeline-published').getAttribute('data-state')).toBe('finish');
    expect(await page.getByTestId('tender-sign-in').textContent()).toBe('登录投标人账号后获取招标文件');
    await page.screenshot({ path: `${screenshotDir}/ggzy-tender-public-desktop.png`, fullPage: true });
    expect(unexpected(errors)).toEqual([]);
  });

  it('a bidder finds the tender and obtains the documents', async () => {
    const page = await newPage('desktop');
    const errors = collectPageErrors(page);
    await signIn(page, 'bidder');
    await page.getByTestId('nav-item-findTenders').click();
    const item = page.locator(`[data-testid="tender-item"][data-tender="${tenderId}"]`);
    await item.waitFor();
    await item.getByTestId('tender-item-link').click();
    await page.waitForURL(`${server.url}/tenders/${tenderId}`);
    const obtained = page.waitForResponse((r) => r.url().endsWith(`/api/tenders/${tenderId}/documents/registration`) && r.request().method() === 'POST');
    await page.getByTestId('documents-obtain').click();
    expect((await obtained).status()).toBe(200);
    await expect.poll(() => page.getByTestId('documents-obtained').textContent()).toContain('已于');
    // Coming back later, the page still knows (the bidder's own entry only; 法 22).
    await page.reload();
    await page.getByTestId('documents-obtained').waitFor();
    expect(unexpected(errors)).toEqual([]);
  });

  it('eight days later a substantive clarification moves the deadline (条例 21) and notifies the document holder', async () => {
    clock.set(new Date(start.getTime() + 8 * DAY_MS));
    const tenderer = await newPage('desktop');
    const errors = collectPageErrors(tenderer);
    await signIn(tenderer, 'tenderer');
    await tenderer.goto(`/workspace/tenders/${tenderId}`);
    await tenderer.getByTestId('clarify-form').waitFor();
    // The rule shows once the served rules arrive.
    await expect.poll(() => tenderer.getByTestId('clarify-form').textContent()).toContain('招标投标法实施条例 第二十一条');
    await tenderer.getByTestId('clarify-text').fill('第三章技术标准修改：外墙保温材料燃烧性能等级调整为 A 级。');
    const clarified = tenderer.waitForResponse((r) => r.url().endsWith(`/api/tenders/${tenderId}/clarifications`) && r.request().method() === 'POST');
    await tenderer.getByTestId('clarify-submit').click();
    const response = await clarified;
    expect(response.status()).toBe(201);
    const result = (await response.json()) as { deadlineMoved: boolean; deadlineAfter: string; notified: number };
    expect(result).toMatchObject({ deadlineMoved: true, notified: 1 });
    // 15 days from the clarification at least, on a working day.
    expect(civilDateOf(new Date(result.deadlineAfter)) >= addCalendarDays(civilDateOf(clock.now()), 15)).toBe(true);
    await expect.poll(() => tenderer.getByTestId('clarify-moved').textContent()).toContain(beijing(result.deadlineAfter));
    await expect.poll(() => tenderer.getByTestId('tender-deadline').textContent()).toBe(beijing(result.deadlineAfter));
    await tenderer.getByTestId('tender-deadline-moves').waitFor();
    expect(await tenderer.getByTestId('clarification-moved').textContent()).toContain(`${earliest} 09:30`);
    await tenderer.screenshot({ path: `${screenshotDir}/ggzy-tender-manage-desktop.png`, fullPage: true });
    expect(unexpected(errors)).toEqual([]);
    movedDeadline = result.deadlineAfter;
  });

  it('the bidder who obtained the documents sees the deadline move in their notifications and on the page', async () => {
    const bidder = await newPage('desktop');
    await signIn(bidder, 'bidder');
    await bidder.getByTestId('nav-item-findTenders').click();
    const notice = bidder.locator('[data-testid="tender-notification"][data-kind="deadlineMoved"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('截止时间顺延');
    await bidder.goto(`/tenders/${tenderId}`);
    await bidder.locator('[data-testid="tender-notification"][data-kind="deadlineMoved"]').waitFor();
    await expect.poll(() => bidder.getByTestId('tender-deadline').textContent()).toBe(beijing(movedDeadline));
    await bidder.getByTestId('clarification-moved').waitFor();
  });

  it('the public page fits a 375 px phone', async () => {
    const page = await newPage('phone');
    const errors = collectPageErrors(page);
    await page.goto(`/tenders/${tenderId}`);
    await page.getByTestId('tender-title').waitFor();
    await page.getByTestId('clarification-item').waitFor();
    await page.getByTestId('tender-sections').waitFor();
    await page.screenshot({ path: `${screenshotDir}/ggzy-tender-public-phone.png`, fullPage: true });
    expect(await documentScrollWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    expect(unexpected(errors)).toEqual([]);
  });
});
