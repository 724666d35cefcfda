/**
 * The web shell in headless Chromium against the real server (embedded PGlite, demo seed,
 * the built bundle from apps/web/dist). Run `npm run build -w apps/web` first.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPageErrors,
  documentScrollWidth,
  launchBrowser,
  newDesktopContext,
  newPhoneContext,
  PHONE_VIEWPORT,
  type SignedInUser,
  signInInBrowser,
} from '../support/browser.js';
import { demoTotpSecret, totp } from '../../apps/server/src/modules/identity/index.js';
import { DEMO_PASSWORD, DEMO_USERS, startTestServer, type TestServer } from '../support/server.js';

const webDist = resolve(import.meta.dirname, '../../apps/web/dist/index.html');
/** Screenshots for a person to look at; outside the repository on purpose. */
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

async function desktopPage(): Promise<Page> {
  const context = await newDesktopContext(browser, server.url);
  context.setDefaultTimeout(15_000);
  contexts.push(context);
  return context.newPage();
}

async function phonePage(): Promise<Page> {
  const context = await newPhoneContext(browser, server.url);
  context.setDefaultTimeout(15_000);
  contexts.push(context);
  return context.newPage();
}

/** The way a visitor gets to the login form: the 登录 button of the trading hall. */
async function openLogin(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('header-login').click();
  await page.waitForURL(`${server.url}/login`);
  await page.getByTestId('login-form').waitFor();
}

/**
 * Signs a demo user in through the login page. Staff, experts, supervisors and admins get the
 * TOTP step; the test reads the demo authenticator the way the user's app would.
 */
async function signIn(page: Page, username: string): Promise<SignedInUser> {
  return signInInBrowser(page, {
    username,
    password: DEMO_PASSWORD,
    totp: () => totp(demoTotpSecret(username), new Date(), server.platform.deps.config.TOTP_ALGORITHM),
    openLogin,
  });
}

/** Console errors other than the expected 401 of /api/auth/me for a visitor. */
function unexpected(errors: string[]): string[] {
  return errors.filter((error) => !/Failed to load resource: the server responded with a status of 401/.test(error));
}

describe('public home (trading hall)', () => {
  it('renders in Chinese on desktop with the demo tender listed, and the empty state of a category without announcements', async () => {
    const page = await desktopPage();
    const errors = collectPageErrors(page);
    const regions = page.waitForResponse((response) => response.url().includes('/api/regions?parent=520000'));
    const announcements = page.waitForResponse((response) => response.url().includes('/api/portal/announcements'));
    await page.goto('/');

    await expect.poll(() => page.getByTestId('home-title').textContent()).toBe('贵州省公共资源交易平台');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.title()).toBe('贵州省公共资源交易平台');

    const regionsResponse = await regions;
    expect(regionsResponse.status()).toBe(200);
    expect(regionsResponse.request().headers()['accept-language']).toBe('zh-CN');
    const regionList = (await regionsResponse.json()) as { items: unknown[] };
    expect(regionList.items).toHaveLength(9);
    const announcementsResponse = await announcements;
    expect(announcementsResponse.status()).toBe(200);
    expect(new URL(announcementsResponse.url()).searchParams.get('limit')).toBe('20');

    // The demo province starts with one published tender.
    await expect.poll(() => page.getByTestId('announcement-item').first().textContent()).toContain('施工招标公告');
    for (const label of ['全部', '工程建设', '政府采购', '土地使用权', '矿业权', '产权交易']) {
      expect(await page.getByRole('tab', { name: label }).count()).toBe(1);
    }
    await page.getByRole('tab', { name: '产权交易' }).click();
    const empty = page.getByTestId('announcement-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('暂无公告');
    await page.getByRole('tab', { name: '全部' }).click();
    await page.getByTestId('announcement-item').first().waitFor();
    await page.getByTestId('header-login').waitFor();
    expect(await page.getByTestId('locale-switch').count()).toBe(1);

    await page.screenshot({ path: `${screenshotDir}/ggzy-home-desktop.png`, fullPage: true });
    expect(unexpected(errors)).toEqual([]);
  });

  it('fits a 375 px phone without horizontal scrolling and opens the drawer menu', async () => {
    const page = await phonePage();
    const errors = collectPageErrors(page);
    await page.goto('/');
    await expect.poll(() => page.getByTestId('home-title').textContent()).toBe('贵州省公共资源交易平台');
    await page.getByTestId('announcement-list').waitFor();
    await page.waitForLoadState('networkidle');

    expect(await documentScrollWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await page.screenshot({ path: `${screenshotDir}/ggzy-home-phone.png`, fullPage: true });

    // The desktop nav collapses into a drawer.
    expect(await page.getByTestId('site-nav').count()).toBe(0);
    await page.getByTestId('site-menu-button').click();
    await page.getByTestId('site-nav').waitFor();
    await page.getByTestId('locale-switch').waitFor();
    expect(await documentScrollWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await page.waitForTimeout(400); // let the drawer finish sliding in before the picture
    await page.screenshot({ path: `${screenshotDir}/ggzy-home-phone-menu.png` });
    expect(unexpected(errors)).toEqual([]);
  });

  it('switches to English, sends Accept-Language: en and remembers the choice', async () => {
    const page = await desktopPage();
    await page.goto('/');
    await page.getByTestId('announcement-list').waitFor();

    const refetch = page.waitForRequest((request) => request.url().includes('/api/portal/announcements'));
    await page.getByTestId('locale-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('home-title').textContent()).toBe('Guizhou Public Resource Trading Platform');
    expect((await refetch).headers()['accept-language']).toBe('en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect.poll(() => page.getByTestId('announcements-title').textContent()).toBe('Latest announcements');
    expect(await page.getByTestId('header-login').textContent()).toContain('Sign in');
    expect(await page.evaluate('localStorage.getItem("ggzy.locale")')).toBe('en');

    await page.reload();
    await expect.poll(() => page.getByTestId('home-title').textContent()).toBe('Guizhou Public Resource Trading Platform');
    await page.screenshot({ path: `${screenshotDir}/ggzy-home-desktop-en.png` });
  });
});

describe('login', () => {
  it('validates empty fields and shows the server message for wrong credentials', async () => {
    // The message the server sends for wrong credentials, in each language.
    const serverMessage = async (language: string) => {
      const response = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': language },
        body: JSON.stringify({ username: 'no-such-user', password: 'wrong-password' }),
      });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { code: string; message: string };
      expect(body.code).toBe('INVALID_CREDENTIALS');
      return body.message;
    };
    const zhMessage = await serverMessage('zh-CN');
    expect(zhMessage).toMatch(/[\u4e00-\u9fff]/);

    const page = await desktopPage();
    await openLogin(page);
    await page.getByTestId('login-submit').click();
    await page.getByText('请输入用户名').waitFor();
    await page.getByText('请输入密码').waitFor();

    await page.getByTestId('login-username').fill('no-such-user');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain(zhMessage);
    expect(page.url()).toBe(`${server.url}/login`);
    await page.screenshot({ path: `${screenshotDir}/ggzy-login-error.png` });

    // The same failure in English: the message follows the chosen language.
    const enMessage = await serverMessage('en');
    await page.getByTestId('locale-switch').getByText('English').click();
    await page.getByTestId('login-password').fill('wrong-password-again');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain(enMessage);
  });

  it('lists the demo accounts and fills the form from one', async () => {
    const page = await desktopPage();
    await openLogin(page);
    const first = DEMO_USERS[0];
    if (first === undefined) throw new Error('no demo users');
    await page.getByTestId(`demo-account-${first.username}`).click();
    expect(await page.getByTestId('login-username').inputValue()).toBe(first.username);
    expect(await page.getByTestId('login-password').inputValue()).toBe(DEMO_PASSWORD);
  });
});

describe('workspace', () => {
  it('has one demo user per role', () => {
    expect(new Set(DEMO_USERS.map((user) => user.role)).size).toBe(8);
  });

  it.each(DEMO_USERS)('$role ($username) signs in, sees the role menu and signs out', async ({ username, role }) => {
    const page = await desktopPage();
    const errors = collectPageErrors(page);
    const profile = await signIn(page, username);
    expect(profile.roles).toContain(role);
    await page.getByTestId('workspace-nav').waitFor();
    await page.getByTestId(`nav-group-${role}`).waitFor();
    expect(await page.getByTestId('workspace-user').textContent()).toContain(profile.displayName);
    expect(await page.getByTestId('dashboard-greeting').textContent()).toContain(profile.displayName);
    await page.getByTestId(`role-card-${role}`).waitFor();
    // Later features are visible but disabled and marked as coming soon.
    const soon = page.locator('[data-testid^="nav-item-"][aria-disabled="true"]');
    expect(await soon.count()).toBeGreaterThan(0);
    expect(await soon.first().textContent()).toContain('建设中');

    await page.getByTestId('nav-item-account').click();
    await page.waitForURL(`${server.url}/workspace/account`);
    expect(await page.getByTestId('account-info').textContent()).toContain(username);

    await page.getByTestId('logout').click();
    await page.waitForURL(`${server.url}/`);
    await page.getByTestId('header-login').waitFor();
    expect(unexpected(errors)).toEqual([]);
  });

  it('fits a phone: the menu is a drawer', async () => {
    const page = await phonePage();
    const user = DEMO_USERS.find((candidate) => candidate.role === 'bidder') ?? DEMO_USERS[0];
    if (user === undefined) throw new Error('no demo users');
    await signIn(page, user.username);
    await page.getByTestId('dashboard-greeting').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await documentScrollWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await page.screenshot({ path: `${screenshotDir}/ggzy-workspace-phone.png`, fullPage: true });
    await page.getByTestId('workspace-menu-button').click();
    await page.getByTestId(`nav-group-${user.role}`).waitFor();
    await page.waitForTimeout(400); // let the drawer finish sliding in before the picture
    await page.screenshot({ path: `${screenshotDir}/ggzy-workspace-phone-menu.png` });
  });
});

describe('deep links (the server answers app routes with index.html)', () => {
  it('opens /login directly', async () => {
    const page = await desktopPage();
    const response = await page.goto('/login');
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.getByTestId('login-form').waitFor();
  });

  it('sends a visitor of /workspace/account to /login', async () => {
    const page = await desktopPage();
    const response = await page.goto('/workspace/account');
    expect(response?.status()).toBe(200);
    await page.waitForURL(`${server.url}/login`);
    await expect.poll(() => page.getByTestId('login-form').isVisible()).toBe(true);
  });

  it('keeps a signed-in user on /workspace/account across a reload', async () => {
    const page = await desktopPage();
    const user = DEMO_USERS[0];
    if (user === undefined) throw new Error('no demo users');
    await signIn(page, user.username);
    await page.getByTestId('nav-item-account').click();
    await page.waitForURL(`${server.url}/workspace/account`);
    await page.reload();
    expect(await page.getByTestId('account-info').textContent()).toContain(user.username);
  });

  it('shows a 404 page for an unknown path', async () => {
    const page = await desktopPage();
    await page.goto('/no-such-page');
    await expect.poll(() => page.getByTestId('not-found').textContent()).toBe('页面不存在');
  });
});

describe('progressive web app', () => {
  it('serves a manifest that parses and that Chromium accepts', async () => {
    const page = await desktopPage();
    const response = await page.request.get('/manifest.webmanifest');
    expect(response.status()).toBe(200);
    const manifest = JSON.parse(await response.text()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
    };
    expect(manifest).toMatchObject({ name: '公共资源交易平台 ggzy', short_name: 'ggzy', start_url: '/', display: 'standalone' });
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((candidate) => candidate.sizes === size && candidate.type === 'image/png');
      expect(icon, `a ${size} PNG icon`).toBeDefined();
      const iconResponse = await page.request.get(icon?.src ?? '');
      expect(iconResponse.status()).toBe(200);
      expect(iconResponse.headers()['content-type']).toContain('image/png');
    }

    await page.goto('/');
    await page.getByTestId('home-title').waitFor();
    const cdp = await page.context().newCDPSession(page);
    const parsed = (await cdp.send('Page.getAppManifest')) as { url: string; errors: Array<{ message: string }> };
    expect(parsed.url).toBe(`${server.url}/manifest.webmanifest`);
    expect(parsed.errors).toEqual([]);
  });

  it('registers the service worker, which never caches /api', async () => {
    const page = await desktopPage();
    await page.goto('/');
    await page.getByTestId('announcement-list').waitFor();
    const scope: unknown = await page.evaluate('navigator.serviceWorker.ready.then((registration) => registration.scope)');
    expect(scope).toBe(`${server.url}/`);
    await page.reload();
    await page.getByTestId('announcement-list').waitFor();
    const cached: unknown = await page.evaluate(
      'caches.keys().then((names) => Promise.all(names.map((name) => caches.open(name).then((cache) => cache.keys())))).then((lists) => lists.flat().map((request) => request.url))',
    );
    expect(Array.isArray(cached)).toBe(true);
    const urls = Array.isArray(cached) ? cached.map(String) : [];
    expect(urls).toContain(`${server.url}/`);
    expect(urls.filter((url) => url.includes('/api/'))).toEqual([]);

    // With manifest and worker in place Chromium would offer to install the app; a test
    // browser context is incognito, the one reason it may give.
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    expect(installabilityErrors.map((error) => error.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
  });
});
