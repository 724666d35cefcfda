/**
 * Registration, review, browser-made certificates and certificate sign-in, and the audit log's
 * in-browser transparency proof — the built web app in headless Chromium against the real server
 * (embedded PGlite, demo seed). Run `npm run build -w apps/web` first.
 *
 * The story: a new bidder registers through the wizard (a wrong USCC check character is refused
 * while typing, a USCC that is already registered is refused by the server on the identity step),
 * centre staff approve it, the bidder signs in with the password, has an SM2 certificate issued
 * to a key made in the page, saves the encrypted key and the certificate, and signs in again with
 * them. OpenSSL reads both files. An administrator verifies an audit entry's inclusion proof.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { usccCheckCharacter } from '@ggzy/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLeaf, makeCa, newSigner } from '../../apps/server/src/modules/certificate/x509/testing.js';
import { certificateToPem } from '../../apps/server/src/modules/certificate/x509/x509.js';
import { demoTotpSecret, totp } from '../../apps/server/src/modules/identity/index.js';
import { toPem } from '../../apps/server/src/platform/crypto/gm/der.js';
import { sm2Keys } from '../../apps/server/src/platform/crypto/gm/index.js';
import {
  collectPageErrors,
  documentScrollWidth,
  launchBrowser,
  newDesktopContext,
  newPhoneContext,
  PHONE_VIEWPORT,
  selectOption,
  signInInBrowser,
} from '../support/browser.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../support/server.js';

const webDist = resolve(import.meta.dirname, '../../apps/web/dist/index.html');
/** Screenshots for a person to look at; outside the repository on purpose. */
const screenshotDir = process.env.SCREENSHOT_DIR ?? '/tmp';

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** A fresh valid USCC (region 520115) with its check character, and a wrong one for the same body. */
function newUscc(): { body: string; valid: string; wrong: string; expected: string } {
  let tail = '';
  for (let i = 0; i < 9; i += 1) tail += USCC_ALPHABET.charAt(Math.floor(Math.random() * USCC_ALPHABET.length));
  const body = `91520115${tail}`;
  const expected = usccCheckCharacter(body);
  const wrongCharacter = expected === 'A' ? 'B' : 'A';
  return { body, valid: body + expected, wrong: body + wrongCharacter, expected };
}

const suffix = Date.now().toString(36).slice(-5);
const bidder = {
  entityName: `贵州黔新建设工程有限公司${suffix}`,
  uscc: newUscc(),
  username: `newbidder${suffix}`,
  displayName: '杨帆（新投标人）',
  password: 'Bidder@2026',
  passphrase: 'Key-Pass@2026',
};
/** The USCC of a demo entity (贵州黔建工程有限公司): already registered. */
const takenUscc = `91520115MA6E2R0T9${usccCheckCharacter('91520115MA6E2R0T9')}`;

let server: TestServer;
let browser: Browser;
let downloads: string;
const contexts: BrowserContext[] = [];
/** Saved between the steps of the story (the tests of a file run in order). */
const saved: { keyFile?: string; certificateFile?: string; staffContext?: BrowserContext; adminContext?: BrowserContext } = {};

beforeAll(async () => {
  if (!existsSync(webDist)) throw new Error(`${webDist} is missing: run \`npm run build -w apps/web\` first`);
  server = await startTestServer();
  browser = await launchBrowser();
  downloads = await mkdtemp(join(tmpdir(), 'ggzy-downloads-'));
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await server?.close();
  if (downloads) await rm(downloads, { recursive: true, force: true });
});

async function desktopPage(): Promise<Page> {
  const context = await newDesktopContext(browser, server.url);
  context.setDefaultTimeout(20_000);
  contexts.push(context);
  return context.newPage();
}

async function phonePage(storageState?: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<Page> {
  const context = await newPhoneContext(browser, server.url, storageState);
  context.setDefaultTimeout(20_000);
  contexts.push(context);
  return context.newPage();
}

/** Password sign-in through the login page; staff and admins answer the TOTP step from their demo authenticator. */
async function signInWithPassword(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await signInInBrowser(page, { username, password, totp: () => totp(demoTotpSecret(username), new Date(), server.platform.deps.config.TOTP_ALGORITHM) });
}

/** The validation message antd shows under a form field (the field's wrapping form item). */
function fieldError(page: Page, testId: string) {
  return page.locator('.ant-form-item', { has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');
}

/** Console errors other than expected HTTP failures (401 for visitors, 4xx the test provokes). */
function unexpected(errors: string[]): string[] {
  return errors.filter((error) => !/Failed to load resource: the server responded with a status of (401|409)/.test(error));
}

async function fillIdentity(page: Page, uscc: string): Promise<void> {
  await page.getByTestId('register-name').fill(bidder.entityName);
  await page.getByTestId('register-uscc').fill(uscc);
}

describe('registration wizard, review, browser certificate and certificate sign-in', () => {
  it('a new bidder registers through the wizard', async () => {
    const page = await desktopPage();
    const errors = collectPageErrors(page);
    await page.goto('/');
    await page.getByTestId('header-register').click();
    await page.waitForURL(`${server.url}/register`);
    await expect.poll(() => page.getByTestId('register-title').textContent()).toBe('主体注册');

    // 1. kind
    await page.getByTestId('register-kind-enterprise').click();
    await page.screenshot({ path: `${screenshotDir}/ggzy-register-desktop-kind.png`, fullPage: true });
    await page.getByTestId('register-next').click();

    // 2. identity: a wrong check character is named while typing, before anything is sent.
    await page.getByTestId('register-step-identity').waitFor();
    await page.getByTestId('register-next').click();
    await expect.poll(() => fieldError(page, 'register-name').textContent()).toContain('请填写名称');
    await fillIdentity(page, bidder.uscc.wrong);
    await expect
      .poll(() => fieldError(page, 'register-uscc').textContent())
      .toContain(`第 18 位校验码应为“${bidder.uscc.expected}”，您输入的是“${bidder.uscc.wrong.charAt(17)}”`);
    await page.waitForTimeout(400); // let the field message finish appearing
    await page.screenshot({ path: `${screenshotDir}/ggzy-register-desktop-uscc-error.png`, fullPage: true });
    // A character that is never allowed is named at once, with its position.
    await page.getByTestId('register-uscc').fill('91520I');
    await expect.poll(() => fieldError(page, 'register-uscc').textContent()).toContain('第 6 位“I”不合规');
    // First try a USCC that is already registered: only the server knows, it refuses on submit.
    await page.getByTestId('register-uscc').fill(takenUscc);
    await expect.poll(() => fieldError(page, 'register-uscc').count()).toBe(0);
    const prefectures = (await (await fetch(`${server.url}/api/regions?parent=520000`)).json()) as {
      items: Array<{ code: string; name: string }>;
    };
    const guiyang = prefectures.items.find((region) => region.code === '520100') ?? prefectures.items[0];
    if (!guiyang) throw new Error('no prefectures');
    const counties = (await (await fetch(`${server.url}/api/regions?parent=${guiyang.code}`)).json()) as {
      items: Array<{ code: string; name: string }>;
    };
    const county = counties.items.find((region) => region.code === '520115') ?? counties.items[0];
    if (!county) throw new Error('no counties');
    await selectOption(page, 'register-region-prefecture', guiyang.name);
    await selectOption(page, 'register-region-county', county.name);
    await page.getByTestId('register-next').click();

    // 3. profile
    await page.getByTestId('register-step-profile').waitFor();
    await page.getByTestId('register-legal-representative').fill('杨建华');
    await page.getByTestId('register-address').fill('贵州省贵阳市观山湖区长岭北路 1 号');
    await page.getByTestId('register-contact-0-name').fill('杨帆');
    await page.getByTestId('register-contact-0-phone').fill('12');
    await page.getByTestId('register-next').click();
    await expect.poll(() => fieldError(page, 'register-contact-0-phone').textContent()).toContain('电话号码为 7–20 位数字');
    await page.getByTestId('register-contact-0-phone').fill('0851-86001234');
    await page.getByTestId('register-next').click();

    // 4. account: the password rule is shown and enforced before sending.
    await page.getByTestId('register-step-account').waitFor();
    await page.getByTestId('register-username').fill(bidder.username);
    await page.getByTestId('register-display-name').fill(bidder.displayName);
    await page.getByTestId('register-password').fill('weakpassword');
    await page.getByTestId('register-confirm').fill('different');
    await page.getByTestId('register-next').click();
    await expect.poll(() => fieldError(page, 'register-password').textContent()).toContain('至少三类');
    await expect.poll(() => fieldError(page, 'register-confirm').textContent()).toContain('两次输入的密码不一致');
    await page.getByTestId('register-password').fill(bidder.password);
    await page.getByTestId('register-confirm').fill(bidder.password);
    await page.getByTestId('register-role-bidder').click();
    await page.waitForTimeout(400); // let the field message finish appearing
    await page.screenshot({ path: `${screenshotDir}/ggzy-register-desktop-account.png`, fullPage: true });
    await page.getByTestId('register-next').click();

    // Back and forth: nothing typed is lost.
    await page.getByTestId('register-review').waitFor();
    await page.getByTestId('register-prev').click();
    await page.getByTestId('register-prev').click();
    await page.getByTestId('register-prev').click();
    await page.getByTestId('register-step-identity').waitFor();
    expect(await page.getByTestId('register-uscc').inputValue()).toBe(takenUscc);
    expect(await page.getByTestId('register-name').inputValue()).toBe(bidder.entityName);
    await page.getByTestId('register-next').click();
    expect(await page.getByTestId('register-contact-0-phone').inputValue()).toBe('0851-86001234');
    await page.getByTestId('register-next').click();
    expect(await page.getByTestId('register-username').inputValue()).toBe(bidder.username);
    await page.getByTestId('register-next').click();

    // 5. review and submit: the server refuses the registered USCC; the wizard goes to the field.
    await page.getByTestId('register-review').waitFor();
    expect(await page.getByTestId('register-review-uscc').textContent()).toBe(takenUscc);
    await page.screenshot({ path: `${screenshotDir}/ggzy-register-desktop-review.png`, fullPage: true });
    const refused = page.waitForResponse((response) => response.url().endsWith('/api/registrations'));
    await page.getByTestId('register-submit').click();
    expect((await refused).status()).toBe(409);
    await page.getByTestId('register-step-identity').waitFor();
    await expect.poll(() => fieldError(page, 'register-uscc').textContent()).toContain('该统一社会信用代码已注册');
    await page.waitForTimeout(400); // let the field message finish appearing
    await page.screenshot({ path: `${screenshotDir}/ggzy-register-desktop-server-error.png`, fullPage: true });

    await page.getByTestId('register-uscc').fill(bidder.uscc.valid);
    for (const step of ['profile', 'account', 'review']) {
      await page.getByTestId('register-next').click();
      await page.getByTestId(step === 'review' ? 'register-review' : `register-step-${step}`).waitFor();
    }
    const submitted = page.waitForResponse((response) => response.url().endsWith('/api/registrations'));
    await page.getByTestId('register-submit').click();
    const response = await submitted;
    expect(response.status()).toBe(201);
    const registration = (await response.json()) as { id: string; status: string };
    expect(registration.status).toBe('pending');
    await expect.poll(() => page.getByTestId('register-result').textContent()).toContain('等待审核');
    expect(await page.getByTestId('register-result-id').textContent()).toBe(registration.id);
    await page.screenshot({ path: `${screenshotDir}/ggzy-register-desktop-done.png`, fullPage: true });

    // Until approved, the password sign-in says so (the server's message).
    await page.goto('/login');
    await page.getByTestId('login-username').fill(bidder.username);
    await page.getByTestId('login-password').fill(bidder.password);
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('正在审核');
    expect(unexpected(errors.filter((error) => !/status of 403/.test(error)))).toEqual([]);
  });

  it('fits a 375 px phone: the wizard never scrolls sideways', async () => {
    const page = await phonePage();
    const errors = collectPageErrors(page);
    await page.goto('/register');
    await page.getByTestId('register-step-kind').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await documentScrollWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await page.screenshot({ path: `${screenshotDir}/ggzy-register-phone-kind.png`, fullPage: true });
    await page.getByTestId('register-kind-naturalPerson').click();
    await page.getByTestId('register-next').click();
    await page.getByTestId('register-citizen-id').fill('52010219900307123');
    await page.getByTestId('register-citizen-id').blur();
    await expect.poll(() => fieldError(page, 'register-citizen-id').textContent()).toContain('应为 18 位');
    expect(await documentScrollWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await page.waitForTimeout(400); // let the field message finish appearing
    await page.screenshot({ path: `${screenshotDir}/ggzy-register-phone-identity.png`, fullPage: true });
    await page.getByTestId('register-name').fill('杨帆');
    await page.getByTestId('register-citizen-id').fill('520102199003071230');
    await page.getByTestId('register-next').click();
    // The check character is judged once all 18 are there.
    await expect.poll(() => fieldError(page, 'register-citizen-id').textContent()).toContain('校验码应为');
    expect(await documentScrollWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    expect(unexpected(errors)).toEqual([]);
  });

  it('speaks English too, with the same rules', async () => {
    const page = await desktopPage();
    await page.goto('/register');
    await page.getByTestId('locale-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('register-title').textContent()).toBe('Register');
    await page.getByTestId('register-next').click();
    await page.getByTestId('register-uscc').fill(bidder.uscc.wrong);
    await expect
      .poll(() => fieldError(page, 'register-uscc').textContent())
      .toContain(`should be "${bidder.uscc.expected}", not "${bidder.uscc.wrong.charAt(17)}"`);
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${screenshotDir}/ggzy-register-desktop-en.png`, fullPage: true });
  });

  it('centre staff approve the registration in the review page', async () => {
    const page = await desktopPage();
    const errors = collectPageErrors(page);
    await signInWithPassword(page, 'staff');
    await page.getByTestId('nav-item-registrationReview').click();
    await page.waitForURL(`${server.url}/workspace/registrations`);
    const item = page.getByTestId(`registration-${bidder.username}`);
    await item.waitFor();
    expect(await item.textContent()).toContain(bidder.entityName);
    expect(await item.textContent()).toContain(bidder.uscc.valid);
    await page.waitForTimeout(400); // let the list finish fading in
    await page.screenshot({ path: `${screenshotDir}/ggzy-review-desktop.png`, fullPage: true });
    await item.getByTestId('registration-approve').click();
    const reviewed = page.waitForResponse((response) => response.url().includes('/review'));
    await page.getByTestId('registration-approve-confirm').click();
    expect((await reviewed).status()).toBe(200);
    // It leaves the pending queue and shows under "approved".
    await item.waitFor({ state: 'detached' });
    await page.getByTestId('review-filter-approved').click();
    await expect
      .poll(() => page.getByTestId(`registration-${bidder.username}`).getByTestId('registration-status').textContent())
      .toBe('已通过');
    saved.staffContext = page.context();
    expect(unexpected(errors)).toEqual([]);
  });

  it('the bidder signs in, has an SM2 certificate issued to a key made in the browser and saves both files', async () => {
    const page = await desktopPage();
    const errors = collectPageErrors(page);
    await signInWithPassword(page, bidder.username, bidder.password);
    await page.getByTestId('nav-item-certificates').click();
    await page.waitForURL(`${server.url}/workspace/certificates`);
    await page.getByTestId('cert-empty').waitFor();

    const sentBodies: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/')) sentBodies.push(request.postData() ?? '');
    });
    await page.getByTestId('cert-request-open').click();
    await page.getByTestId('cert-algorithm-SM2').click();
    await page.getByTestId('cert-passphrase').fill(bidder.passphrase);
    await page.getByTestId('cert-passphrase-confirm').fill(`${bidder.passphrase}x`);
    await page.getByTestId('cert-request-submit').click();
    await expect.poll(() => fieldError(page, 'cert-passphrase-confirm').textContent()).toContain('两次输入的口令不一致');
    await page.getByTestId('cert-passphrase-confirm').fill(bidder.passphrase);
    await page.screenshot({ path: `${screenshotDir}/ggzy-certificates-desktop-request.png`, fullPage: true });
    const issued = page.waitForResponse(
      (response) => response.url().endsWith('/api/certificates') && response.request().method() === 'POST',
    );
    await page.getByTestId('cert-request-submit').click();
    const issuedResponse = await issued;
    expect(issuedResponse.status()).toBe(201);
    const certificate = (await issuedResponse.json()) as { serial: string; algorithm: string; subject: string; certificatePem: string };
    expect(certificate.algorithm).toBe('SM2');
    expect(certificate.subject).toContain(bidder.entityName);
    await page.getByTestId('cert-request-issued').waitFor();
    await page.screenshot({ path: `${screenshotDir}/ggzy-certificates-desktop-issued.png`, fullPage: true });

    // Only a CSR was sent: no private key material in any request.
    const csrBody = sentBodies.find((body) => body.includes('CERTIFICATE REQUEST'));
    expect(csrBody).toBeDefined();
    for (const body of sentBodies) expect(body).not.toMatch(/PRIVATE KEY/);

    const keyDownload = page.waitForEvent('download');
    await page.getByTestId('cert-download-key').click();
    const key = await keyDownload;
    expect(key.suggestedFilename()).toMatch(/\.key\.p8$/);
    saved.keyFile = join(downloads, key.suggestedFilename());
    await key.saveAs(saved.keyFile);
    const certificateDownload = page.waitForEvent('download');
    await page.getByTestId('cert-download-certificate').click();
    const certificateFile = await certificateDownload;
    saved.certificateFile = join(downloads, certificateFile.suggestedFilename());
    await certificateFile.saveAs(saved.certificateFile);

    const keyPem = await readFile(saved.keyFile, 'utf8');
    expect(keyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    expect(await readFile(saved.certificateFile, 'utf8')).toBe(certificate.certificatePem);

    await page.getByTestId('cert-request-finish').click();
    await expect.poll(() => page.getByTestId(`cert-status-${certificate.serial}`).textContent()).toBe('有效');
    await page.screenshot({ path: `${screenshotDir}/ggzy-certificates-desktop-list.png`, fullPage: true });

    // The same page on a phone, signed in with the same session.
    const phone = await phonePage(await page.context().storageState());
    await phone.goto('/workspace/certificates');
    await phone.getByTestId(`cert-row-${certificate.serial}`).waitFor();
    await phone.waitForLoadState('networkidle');
    expect(await documentScrollWidth(phone)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await phone.screenshot({ path: `${screenshotDir}/ggzy-certificates-phone.png`, fullPage: true });
    await phone.getByTestId('cert-request-open').click();
    await phone.getByTestId('cert-request').waitFor();
    expect(await documentScrollWidth(phone)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await phone.screenshot({ path: `${screenshotDir}/ggzy-certificates-phone-request.png`, fullPage: true });
    // On the phone, a second certificate with an ECDSA P-256 key (Web Crypto) instead of SM2.
    await phone.getByTestId('cert-algorithm-P-256').click();
    await phone.getByTestId('cert-passphrase').fill(bidder.passphrase);
    await phone.getByTestId('cert-passphrase-confirm').fill(bidder.passphrase);
    const p256Issued = phone.waitForResponse(
      (response) => response.url().endsWith('/api/certificates') && response.request().method() === 'POST',
    );
    await phone.getByTestId('cert-request-submit').click();
    const p256 = (await (await p256Issued).json()) as { algorithm: string; serial: string };
    expect(p256.algorithm).toBe('P-256');
    await phone.getByTestId('cert-request-issued').waitFor();
    expect(await documentScrollWidth(phone)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await phone.screenshot({ path: `${screenshotDir}/ggzy-certificates-phone-issued.png`, fullPage: true });
    const p256Download = phone.waitForEvent('download');
    await phone.getByTestId('cert-download-key').click();
    const p256KeyFile = join(downloads, (await p256Download).suggestedFilename());
    await (await p256Download).saveAs(p256KeyFile);
    const p256Key = execFileSync('openssl', ['pkey', '-in', p256KeyFile, '-passin', `pass:${bidder.passphrase}`, '-noout', '-text'], {
      encoding: 'utf8',
    });
    expect(p256Key).toContain('NIST CURVE: P-256');
    await phone.getByTestId('cert-request-finish').click();
    await expect.poll(() => phone.getByTestId(`cert-status-${p256.serial}`).textContent()).toBe('有效');

    await page.getByTestId('logout').click();
    await page.waitForURL(`${server.url}/`);
    expect(unexpected(errors)).toEqual([]);
  });

  it('OpenSSL decrypts the PKCS#8 key file and parses the certificate, and they belong together', () => {
    const { keyFile, certificateFile } = saved;
    if (keyFile === undefined || certificateFile === undefined) throw new Error('the files were not saved');
    const decrypted = execFileSync('openssl', ['pkcs8', '-in', keyFile, '-passin', `pass:${bidder.passphrase}`], { encoding: 'utf8' });
    expect(decrypted).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    // The file says how it is protected: PBES2, PBKDF2 with HMAC-SHA256, AES-256-CBC.
    const structure = execFileSync('openssl', ['asn1parse', '-in', keyFile], { encoding: 'utf8' });
    expect(structure).toMatch(/PBES2/);
    expect(structure).toMatch(/PBKDF2/);
    expect(structure).toMatch(/hmacWithSHA256/);
    expect(structure).toMatch(/aes-256-cbc/);
    const iterations = /INTEGER\s+:([0-9A-F]+)/.exec(structure)?.[1];
    expect(Number.parseInt(iterations ?? '0', 16)).toBeGreaterThanOrEqual(100_000);
    // A wrong passphrase does not decrypt.
    expect(() => execFileSync('openssl', ['pkcs8', '-in', keyFile, '-passin', 'pass:wrong'], { stdio: 'pipe' })).toThrow(/Command failed/);

    const text = execFileSync('openssl', ['x509', '-in', certificateFile, '-noout', '-subject', '-issuer', '-nameopt', 'utf8'], {
      encoding: 'utf8',
    });
    expect(text).toContain(bidder.entityName);
    expect(text).toContain(bidder.uscc.valid);
    expect(text).toContain('SM2 Root CA');
    const fromKey = execFileSync('openssl', ['pkey', '-pubout'], { input: decrypted, encoding: 'utf8' });
    const fromCertificate = execFileSync('openssl', ['x509', '-in', certificateFile, '-noout', '-pubkey'], { encoding: 'utf8' });
    expect(fromKey).toBe(fromCertificate);
  });

  it('the bidder signs in again with the certificate: key file, certificate and passphrase', async () => {
    const { keyFile, certificateFile } = saved;
    if (keyFile === undefined || certificateFile === undefined) throw new Error('the files were not saved');
    const page = await desktopPage();
    const errors = collectPageErrors(page);
    await page.goto('/login');
    await page.getByTestId('login-tab-certificate').click();
    await page.getByTestId('cert-login-form').waitFor();
    await page.getByTestId('cert-login-key').setInputFiles(keyFile);
    await page.getByTestId('cert-login-certificate').setInputFiles(certificateFile);
    // A wrong passphrase is caught in the page; nothing goes to the server.
    const challenges: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/auth/certificate/')) challenges.push(request.url());
    });
    await page.getByTestId('cert-login-passphrase').fill('Wrong-Pass@2026');
    await page.getByTestId('cert-login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('私钥保护口令不正确');
    expect(challenges).toEqual([]);
    await page.waitForTimeout(400); // let the field message finish appearing
    await page.screenshot({ path: `${screenshotDir}/ggzy-login-certificate-error.png`, fullPage: true });

    await page.getByTestId('cert-login-passphrase').fill(bidder.passphrase);
    const login = page.waitForResponse((response) => response.url().endsWith('/api/auth/certificate/login'));
    await page.getByTestId('cert-login-submit').click();
    const response = await login;
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { username: string };
    expect(body.username).toBe(bidder.username);
    const sent = JSON.parse(response.request().postData() ?? '{}') as Record<string, unknown>;
    expect(Object.keys(sent).toSorted()).toEqual(['certificate', 'nonce', 'signature', 'signatureFormat']);
    await page.waitForURL(`${server.url}/workspace`);
    expect(await page.getByTestId('workspace-user').textContent()).toContain(bidder.displayName);
    // The entity space of the new entity shows what was registered.
    await page.getByTestId('nav-item-entitySpace').click();
    await expect.poll(() => page.getByTestId('entity-info').textContent()).toContain(bidder.uscc.valid);
    expect(await page.getByTestId('entity-profile').textContent()).toContain('杨建华');
    // Editing the profile keeps the old one as a version.
    await page.getByTestId('entity-profile-edit').click();
    await page.getByTestId('entity-address').fill('贵州省贵阳市观山湖区林城西路 8 号');
    await page.getByTestId('entity-profile-save').click();
    await expect.poll(() => page.getByTestId('entity-profile').textContent()).toContain('林城西路 8 号');
    await expect.poll(() => page.getByTestId('entity-versions').locator('.ant-timeline-item').count()).toBe(2);
    expect(await page.getByTestId('entity-versions').textContent()).toContain('v2');
    // A qualification that has already expired is highlighted.
    await page.getByTestId('qualification-add').click();
    await page.getByTestId('qualification-type').fill('建筑工程施工总承包');
    await page.getByTestId('qualification-certificate-no').fill('D352000001');
    await page.getByTestId('qualification-issuer').fill('贵州省住房和城乡建设厅');
    const until = page.locator('.ant-modal .ant-picker input').nth(1);
    await until.click();
    await until.fill('2024-12-31');
    await until.press('Enter');
    await page.getByTestId('qualification-save').click();
    await page.getByTestId('qualification-D352000001').getByTestId('qualification-expired').waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${screenshotDir}/ggzy-entity-desktop.png`, fullPage: true });
    const phone = await phonePage(await page.context().storageState());
    await phone.goto('/workspace/entity');
    await phone.getByTestId('entity-versions').waitFor();
    await phone.waitForLoadState('networkidle');
    expect(await documentScrollWidth(phone)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await phone.screenshot({ path: `${screenshotDir}/ggzy-entity-phone.png`, fullPage: true });
    expect(unexpected(errors)).toEqual([]);
  });
});

describe('audit log with in-browser transparency proofs', () => {
  it('an administrator verifies an entry’s inclusion proof and the checkpoint signature in the browser', async () => {
    const page = await desktopPage();
    const errors = collectPageErrors(page);
    await signInWithPassword(page, 'admin');
    await page.getByTestId('nav-item-auditLog').click();
    await page.waitForURL(`${server.url}/workspace/audit`);
    await page.getByTestId('audit-table').waitFor();

    // The approval of the new bidder, found with the action filter.
    const filter = page.getByTestId('audit-filter').locator('input');
    await filter.fill('identity.registration.approve');
    await filter.press('Enter');
    const row = page.locator('[data-testid^="audit-row-"][data-action="identity.registration.approve"]').first();
    await row.waitFor();
    const id = (await row.getAttribute('data-testid'))?.replace('audit-row-', '') ?? '';
    expect(id).toMatch(/^\d+$/);

    const proofRequest = page.waitForRequest((request) => request.url().includes('/api/log/proofs/inclusion'));
    await page.getByTestId(`audit-verify-${id}`).click();
    expect(new URL((await proofRequest).url()).searchParams.get('index')).toBe(id);
    const verification = page.getByTestId('audit-verification');
    await expect.poll(() => verification.getAttribute('data-ok'), { timeout: 20_000 }).toBe('true');
    for (const check of ['entry', 'content', 'signature', 'checkpoint', 'inclusion']) {
      expect(await page.getByTestId(`audit-check-${check}`).getAttribute('data-ok')).toBe('true');
    }
    const treeSize = Number(await page.getByTestId('audit-tree-size').textContent());
    expect(treeSize).toBeGreaterThan(Number(id));
    expect(await page.getByTestId('audit-root').textContent()).toMatch(/^[0-9a-f]{64}$/);
    // The root shown is the one the log signed.
    const checkpoint = (await (await fetch(`${server.url}/api/log/checkpoints?after=${treeSize - 1}&limit=1`)).json()) as {
      items: Array<{ treeSize: number; rootSm3: string }>;
    };
    expect(checkpoint.items[0]?.treeSize).toBe(treeSize);
    expect(await page.getByTestId('audit-root').textContent()).toBe(checkpoint.items[0]?.rootSm3);
    await page.screenshot({ path: `${screenshotDir}/ggzy-audit-desktop-verified.png`, fullPage: true });
    await page.keyboard.press('Escape');
    expect(await page.getByTestId(`audit-verdict-${id}`).getAttribute('data-ok')).toBe('true');
    await filter.fill('');
    await filter.press('Enter');
    await page.screenshot({ path: `${screenshotDir}/ggzy-audit-desktop.png`, fullPage: true });

    // The audit viewer on a phone (same session): no sideways scrolling of the page.
    const phone = await phonePage(await page.context().storageState());
    await phone.goto('/workspace/audit');
    await phone.getByTestId('audit-table').waitFor();
    await phone.locator('[data-testid^="audit-row-"]').first().waitFor();
    await phone.waitForLoadState('networkidle');
    expect(await documentScrollWidth(phone)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await phone.screenshot({ path: `${screenshotDir}/ggzy-audit-phone.png` });
    await phone.getByTestId(`audit-verify-${id}`).click();
    await expect.poll(() => phone.getByTestId('audit-verification').getAttribute('data-ok'), { timeout: 20_000 }).toBe('true');
    await phone.waitForTimeout(300);
    await phone.screenshot({ path: `${screenshotDir}/ggzy-audit-phone-verified.png` });
    saved.adminContext = page.context();
    expect(unexpected(errors)).toEqual([]);
  });

  it('centre staff see the issued certificate; an administrator sees the new account', async () => {
    const { staffContext, adminContext } = saved;
    if (staffContext === undefined || adminContext === undefined) throw new Error('no staff or admin session');
    const staff = await staffContext.newPage();
    await staff.goto('/workspace/ca');
    await staff.getByTestId('ca-page').waitFor();
    await staff.locator('[data-testid^="ca-row-"]').first().waitFor();
    expect(await staff.getByTestId('ca-page').textContent()).toContain(bidder.entityName);
    await staff.screenshot({ path: `${screenshotDir}/ggzy-ca-desktop.png`, fullPage: true });

    const admin = await adminContext.newPage();
    await admin.goto('/workspace/users');
    await expect.poll(() => admin.getByTestId(`user-status-${bidder.username}`).textContent()).toBe('正常');
    await admin.screenshot({ path: `${screenshotDir}/ggzy-users-desktop.png`, fullPage: true });
  });
});

describe('mutual recognition: a certificate of another CA, with a key file OpenSSL encrypted', () => {
  it('an administrator recognises the root, the bidder binds the certificate and signs in with it', async () => {
    const { adminContext } = saved;
    if (adminContext === undefined) throw new Error('no admin session');
    // Another CA: an SM2 root, a P-256 issuing CA, and the holder's SM2 key and certificate.
    const root = makeCa('SM2', '黔信数字证书 Root CA');
    const issuing = makeCa('P-256', '黔信数字证书 Issuing CA', { issuer: root });
    const holder = newSigner('SM2');
    const leaf = issueLeaf(issuing, holder, { commonName: bidder.displayName, notBefore: new Date(Date.now() - 86_400_000) });
    // The key file as the other CA's tool would hand it over: PKCS#8 encrypted by OpenSSL.
    const plainKey = join(downloads, 'foreign.plain.pem');
    const foreignKey = join(downloads, 'foreign.key.p8');
    const foreignCertificate = join(downloads, 'foreign-fullchain.pem');
    await writeFile(plainKey, toPem('PRIVATE KEY', sm2Keys.privateKeyToPkcs8(holder.privateKey)));
    execFileSync('openssl', [
      'pkcs8',
      '-topk8',
      '-in',
      plainKey,
      '-out',
      foreignKey,
      '-v2',
      'aes-256-cbc',
      '-v2prf',
      'hmacWithSHA256',
      '-passout',
      'pass:Foreign@2026',
    ]);
    await writeFile(foreignCertificate, certificateToPem(leaf.der) + certificateToPem(issuing.certificate.der));

    const admin = await adminContext.newPage();
    await admin.goto('/workspace/ca');
    await admin.getByTestId('ca-tab-roots').click();
    await admin.getByTestId('ca-root-name').fill('黔信 CA');
    await admin.getByTestId('ca-root-pem').fill(certificateToPem(root.certificate.der));
    const imported = admin.waitForResponse(
      (response) => response.url().endsWith('/api/ca/trusted-roots') && response.request().method() === 'POST',
    );
    await admin.getByTestId('ca-root-import').click();
    expect((await imported).status()).toBe(201);
    await admin.getByTestId('ca-roots').getByText('黔信 CA').waitFor();
    await admin.screenshot({ path: `${screenshotDir}/ggzy-ca-roots-desktop.png`, fullPage: true });

    const page = await desktopPage();
    const errors = collectPageErrors(page);
    await signInWithPassword(page, bidder.username, bidder.password);
    await page.goto('/workspace/certificates');
    await page.getByTestId('cert-bind-open').click();
    await page.getByTestId('cert-bind-key').setInputFiles(foreignKey);
    await page.getByTestId('cert-bind-certificate').setInputFiles(foreignCertificate);
    await page.getByTestId('cert-bind-passphrase').fill('Foreign@2026');
    const bound = page.waitForResponse(
      (response) => response.url().endsWith('/api/certificates/bindings') && response.request().method() === 'POST',
    );
    await page.getByTestId('cert-bind-submit').click();
    const boundResponse = await bound;
    expect(boundResponse.status()).toBe(201);
    // The intermediate CA in the file went along as the chain.
    expect((JSON.parse(boundResponse.request().postData() ?? '{}') as { chain?: string[] }).chain).toHaveLength(1);
    await page.getByTestId('cert-bindings').getByText('黔信数字证书 Issuing CA').waitFor();
    await page.screenshot({ path: `${screenshotDir}/ggzy-certificates-desktop-bound.png`, fullPage: true });
    await page.getByTestId('logout').click();
    await page.waitForURL(`${server.url}/`);

    await page.goto('/login');
    await page.getByTestId('login-tab-certificate').click();
    await page.getByTestId('cert-login-key').setInputFiles(foreignKey);
    await page.getByTestId('cert-login-certificate').setInputFiles(foreignCertificate);
    await page.getByTestId('cert-login-passphrase').fill('Foreign@2026');
    const login = page.waitForResponse((response) => response.url().endsWith('/api/auth/certificate/login'));
    await page.getByTestId('cert-login-submit').click();
    expect((await login).status()).toBe(200);
    await page.waitForURL(`${server.url}/workspace`);
    expect(await page.getByTestId('workspace-user').textContent()).toContain(bidder.displayName);
    expect(unexpected(errors)).toEqual([]);
  });
});
