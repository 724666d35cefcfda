import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { TOTP, totpStep } from '../../apps/server/src/modules/identity/domain/totp.js';

/**
 * Headless Chromium for the browser end-to-end tests. Uses the Debian `chromium` package
 * (`npx playwright install` cannot download browsers here); override with CHROMIUM_PATH.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const DESKTOP_VIEWPORT = { width: 1280, height: 800 } as const;
export const PHONE_VIEWPORT = { width: 375, height: 812 } as const;

/** A desktop browser window (1280x800), Chinese UI language, China time zone. */
export function newDesktopContext(browser: Browser, baseURL?: string): Promise<BrowserContext> {
  return browser.newContext({
    viewport: DESKTOP_VIEWPORT,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(baseURL === undefined ? {} : { baseURL }),
  });
}

/**
 * A phone (375x812, touch, mobile viewport rules), Chinese UI language, China time zone.
 * `storageState` (from another context's `storageState()`) carries a signed-in session over.
 */
export function newPhoneContext(
  browser: Browser,
  baseURL?: string,
  storageState?: Awaited<ReturnType<BrowserContext['storageState']>>,
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: PHONE_VIEWPORT,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
    ...(baseURL === undefined ? {} : { baseURL }),
    ...(storageState === undefined ? {} : { storageState }),
  });
}

/**
 * Picks an option of an antd Select by its visible label: opens the select that carries
 * `data-testid`, then clicks the option in the (portalled) dropdown.
 */
export async function selectOption(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: label }).first();
  await option.waitFor();
  await option.click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
}

/** Width of the whole document; larger than the viewport means the page scrolls sideways. */
export async function documentScrollWidth(page: Page): Promise<number> {
  const width: unknown = await page.evaluate('(document.scrollingElement ?? document.documentElement).scrollWidth');
  return Number(width);
}

/** Collects uncaught page errors and console errors, to assert a page ran cleanly. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** The signed-in user as the server answers the last sign-in step. */
export interface SignedInUser {
  displayName: string;
  roles: string[];
}

export interface BrowserSignIn {
  username: string;
  password: string;
  /** The current code of the user's authenticator; asked for only when the server wants a second factor. */
  totp: () => string;
  /** How the person reaches the login form; straight to /login unless given. */
  openLogin?: (page: Page) => Promise<void>;
}

/**
 * Signs a user in through the login page as a person does: username and password, then — when
 * the server answers with a second-factor step (staff, experts, supervisors, admins) — the code
 * from `totp`. Returns once the workspace is shown. A sign-in step the server refuses fails here,
 * with the server's answer, rather than as a wait for /workspace that times out.
 */
export async function signInInBrowser(page: Page, options: BrowserSignIn): Promise<SignedInUser> {
  await (options.openLogin ?? ((opened: Page) => opened.goto('/login')))(page);
  await page.getByTestId('login-username').fill(options.username);
  await page.getByTestId('login-password').fill(options.password);
  let answer = await answerTo(page, '/api/auth/login', () => page.getByTestId('login-submit').click());
  if ('secondFactor' in answer) {
    await page.getByTestId('login-second-factor').waitFor();
    // The code is read only now, so it belongs to the half-minute in which it is sent.
    await page.getByTestId('login-totp').fill(options.totp());
    answer = await answerTo(page, '/api/auth/login/second-factor', () => page.getByTestId('login-totp-submit').click());
  }
  await page.waitForURL((url) => url.pathname === '/workspace');
  return answer as SignedInUser;
}

/** The JSON body the server answers at `path` to what `act` does in the page; only 200 is accepted. */
async function answerTo(page: Page, path: string, act: () => Promise<void>): Promise<object> {
  const answered = page.waitForResponse((response) => new URL(response.url()).pathname === path);
  await act();
  const response = await answered;
  if (response.status() !== 200) throw new Error(`${path} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as object;
}

/**
 * A source of TOTP codes for tests on a manual clock. The server takes a time step's code once
 * per user (no replay), so when a user signs in again within a step already used, the clock is
 * moved on by one step first.
 */
export function freshTotpCodes(clock: { now(): Date; advance(ms: number): void }, codeAt: (username: string, at: Date) => string): (username: string) => string {
  const lastStep = new Map<string, bigint>();
  return (username) => {
    const used = lastStep.get(username);
    if (used !== undefined && used >= totpStep(clock.now())) clock.advance(TOTP.stepSeconds * 1000);
    lastStep.set(username, totpStep(clock.now()));
    return codeAt(username, clock.now());
  };
}
