import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

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
