/**
 * One engineering tender end to end in headless Chromium against the real server on a manual
 * clock: announcement and review, five bidders obtain the documents; four seal, sign and submit
 * their bids in the browser (one upload interrupted and resumed, one bid modified to a second
 * version, one withdrawn, one committed after the deadline and refused) and one by the CLI path;
 * the remote opening in the hall: a bidder decrypts in the page, another fails (wrong key), the
 * staff call the custodians, three custodians decrypt their shares in the page, the record is
 * published, confirmed and objected to, answered and closed with the platform's signature.
 * Every receipt verifies in the page and against the log's signed checkpoint here, and the log
 * verifier runs over the whole log at the end. Run `npm run build -w apps/web` first.
 *
 * Steps owned by other pages (tender drafting and review, obtaining documents, the opening-key
 * ceremony) run through the API fixtures; the "CLI" bid uses the fixture's sealing (the
 * ggzy-bid/1 reference of the server), as packages/bidtool does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { citizenIdCheckCharacter, fromHex, parseCheckpointNote, verifyInclusion } from '@ggzy/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTotpSecret, totp } from '../../apps/server/src/modules/identity/index.js';
import { sealedBid } from '../../apps/server/src/modules/tendering/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { toPem } from '../../apps/server/src/platform/crypto/gm/der.js';
import { sm2, sm2Keys, sm3 } from '../../apps/server/src/platform/crypto/gm/index.js';
import { databaseLogSource, verifyLog } from '../../apps/server/src/platform/transparency/verifier.js';
import { client } from '../api/http.js';
import { type BidderKey, bidderKey, publishedTender, registerProjectSection, tenderInput, writeBidderFiles } from '../api/tender-fixture.js';
import { runCli } from '../support/bidtool.js';
import { documentScrollWidth, freshTotpCodes, launchBrowser, newDesktopContext, newPhoneContext, PHONE_VIEWPORT, signInInBrowser } from '../support/browser.js';
import { DEMO_PASSWORD, e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';

const webDist = resolve(import.meta.dirname, '../../apps/web/dist/index.html');
const screenshotDir = process.env.SCREENSHOT_DIR ?? '/tmp';
const DEADLINE = '2026-12-18T01:30:00.000Z';
const at = (offsetMs: number) => new Date(Date.parse(DEADLINE) + offsetMs);
const PASSPHRASE = 'Bid-Key@2026';
const NEW_PASSWORD = 'Toubiao#2026';
/** Browser bidders A, B, C; D (registered) is late; E (registered) uses the CLI path. */
const BIDDERS = ['bidder', 'bidder2', 'bidder3', 'wangfang', 'lijun'] as const;
const CUSTODIANS = ['tenderer', 'agency', 'supervisor', 'staff', 'admin'] as const;
const status = (p: Page) => p.getByTestId('hall-status').getAttribute('data-status');
const sm3Hash = (data: Uint8Array) => sm3(data);
const poll = <T>(probe: () => Promise<T> | T, timeout = 20_000) => expect.poll(probe, { timeout, interval: 150 });

interface Receipt {
  bidId: string;
  logIndex: number;
  leafHashSm3: string;
  packageSm3: string;
  version: number;
  batch: { size: number; index: number };
}

describe.each(e2eDatabaseKinds())('an engineering tender from bids to the signed opening record in the browser on %s', (database) => {
  const clock = manualClock('2026-11-27T02:00:00Z');
  let server: TestServer;
  let browser: Browser;
  let files: string;
  const contexts: BrowserContext[] = [];
  const keys = new Map<string, BidderKey>();
  const custodianKeys = CUSTODIANS.map(() => sm2.generateKeyPair());
  const receipts: Receipt[] = [];
  const pages = new Map<string, Page>();
  let tenderId = '';
  let section = '';
  const freshTotp = freshTotpCodes(clock, (username, now) => totp(demoTotpSecret(username), now, server.platform.deps.config.TOTP_ALGORITHM));

  async function api(username: string) {
    const password = username === 'wangfang' || username === 'lijun' ? NEW_PASSWORD : DEMO_PASSWORD;
    const first = client(server.url);
    const reply = await first.post('/api/auth/login', { username, password });
    const step = (reply.body as { secondFactor?: { challenge: string } }).secondFactor;
    if (step) await first.post('/api/auth/login/second-factor', { challenge: step.challenge, code: freshTotp(username) });
    return first;
  }

  async function page(name: string, kind: 'desktop' | 'phone' = 'desktop'): Promise<Page> {
    const context = kind === 'phone' ? await newPhoneContext(browser, server.url) : await newDesktopContext(browser, server.url);
    context.setDefaultTimeout(30_000);
    contexts.push(context);
    const opened = await context.newPage();
    const password = name === 'wangfang' || name === 'lijun' ? NEW_PASSWORD : DEMO_PASSWORD;
    await signInInBrowser(opened, { username: name, password, totp: () => freshTotp(name) });
    pages.set(name, opened);
    return opened;
  }

  /** An SM2 key file as a person keeps it: PKCS#8 encrypted by OpenSSL (PBES2, AES-256-CBC). */
  async function keyFile(name: string, privateKey: string): Promise<string> {
    const plain = join(files, `${name}.plain.pem`);
    const encrypted = join(files, `${name}.key.p8`);
    await writeFile(plain, toPem('PRIVATE KEY', sm2Keys.privateKeyToPkcs8(privateKey)));
    execFileSync('openssl', ['pkcs8', '-topk8', '-in', plain, '-out', encrypted, '-v2', 'aes-256-cbc', '-v2prf', 'hmacWithSHA256', '-passout', `pass:${PASSPHRASE}`]);
    await rm(plain);
    return encrypted;
  }

  const hallUrl = () => `/workspace/openings/${tenderId}/${section}`;

  async function sealInBrowser(p: Page, input: { price: string; duration: string; keyOf: string }): Promise<void> {
    await p.getByTestId('bid-file').setInputFiles({ name: '投标文件.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.7 投标文件 '), Buffer.alloc(300_000, 7)]) });
    await p.getByTestId('bid-price').fill(input.price);
    await p.getByTestId('bid-duration').fill(input.duration);
    await p.getByTestId('bid-quality').fill('合格');
    await p.getByTestId('bid-key').setInputFiles(join(files, `${input.keyOf}.key.p8`));
    await p.getByTestId('bid-certificate').setInputFiles(join(files, `${input.keyOf}.pem`));
    await p.getByTestId('bid-passphrase').fill(PASSPHRASE);
    await p.getByTestId('bid-submit').click();
  }

  async function submitInBrowser(p: Page, input: { price: string; duration: string; keyOf: string }): Promise<Receipt> {
    const committed = p.waitForResponse((r) => r.url().endsWith('/commit') && r.request().method() === 'POST' && r.status() === 201);
    await sealInBrowser(p, input);
    const receipt = (await (await committed).json()) as Receipt;
    await poll(() => p.getByTestId('bid-receipt').getAttribute('data-ok')).toBe('true');
    expect(await p.getByTestId('bid-receipt-log-index').textContent()).toBe(String(receipt.logIndex));
    // The batch the platform signed it in (format 2: one signature per set of commits).
    expect(await p.getByTestId('bid-receipt-batch').textContent()).toMatch(new RegExp(`${receipt.batch.size}\\D+${receipt.batch.index + 1}`));
    for (const check of ['receiptSignature', 'signature', 'checkpoint', 'inclusion']) {
      expect(await p.getByTestId(`receipt-check-${check}`).getAttribute('data-ok')).toBe('true');
    }
    receipts.push(receipt);
    return receipt;
  }

  async function openBidPage(p: Page): Promise<void> {
    await p.goto('/workspace/bids');
    await p.getByTestId(`bid-prepare-${section}`).click();
    await p.getByTestId('bid-page').waitFor();
  }

  beforeAll(async () => {
    if (!existsSync(webDist)) throw new Error(`${webDist} is missing: run \`npm run build -w apps/web\` first`);
    server = await startTestServer({ database, clock });
    browser = await launchBrowser();
    files = await mkdtemp(join(tmpdir(), 'ggzy-bids-'));
    const staff = await api('staff');
    // Two more bidders (natural persons) register and are approved.
    for (const [username, name, body] of [
      ['wangfang', '王芳', '52010319850715001'],
      ['lijun', '李军', '52010219900307123'],
    ] as const) {
      const registration = await client(server.url).post('/api/registrations', {
        entity: { kind: 'naturalPerson', name, citizenId: body + citizenIdCheckCharacter(body), regionCode: '520103', profile: { contacts: [{ name, phone: '13800000000' }] } },
        account: { username, password: NEW_PASSWORD, displayName: name, roles: ['bidder'] },
      });
      if (registration.status !== 201) throw new Error(`registration: ${registration.status} ${JSON.stringify(registration.body)}`);
      await staff.post(`/api/registrations/${(registration.body as { id: string }).id}/review`, { decision: 'approve' });
    }
    // Announcement and review (the tender pages' own test covers them in the browser).
    const tenderer = await api('tenderer');
    section = await registerProjectSection(tenderer, staff, '观山湖区第五中学教学楼建设工程', '2611-520115-48-01-510051');
    tenderId = await publishedTender(tenderer, staff, tenderInput(section, { bidDeadline: DEADLINE, title: '观山湖区第五中学教学楼建设工程施工招标公告' }));
    // The opening-key ceremony: 3 of 5 custodians, each share encrypted to the custodian's own key.
    const custodianIds: string[] = [];
    for (const [i, name] of CUSTODIANS.entries()) {
      custodianIds.push(((await (await api(name)).get('/api/auth/me')).body as { id: string }).id);
      await keyFile(`custodian-${name}`, custodianKeys[i]?.privateKey ?? '');
    }
    const ceremony = await staff.post(`/api/tenders/${tenderId}/opening-key`, { threshold: 3, custodians: custodianIds.map((userId, i) => ({ userId, publicKey: custodianKeys[i]?.publicKey })) });
    if (ceremony.status !== 201) throw new Error(`opening key: ${ceremony.status} ${JSON.stringify(ceremony.body)}`);
    // Five bidders obtain the documents and have SM2 certificates issued to keys they keep in files.
    for (const name of BIDDERS) {
      const session = await api(name);
      const registered = await session.post(`/api/tenders/${tenderId}/documents/registration`, {});
      if (registered.status !== 201 && registered.status !== 200) throw new Error(`documents: ${registered.status} ${JSON.stringify(registered.body)}`);
      const key = await bidderKey(session);
      keys.set(name, key);
      await keyFile(name, key.privateKey);
      await writeFile(join(files, `${name}.pem`), key.certificatePem);
    }
    // A key that belongs to nobody's bid (bidder B picks it up by mistake at the opening).
    await keyFile('stray', sm2.generateKeyPair().privateKey);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.close();
    if (files) await rm(files, { recursive: true, force: true });
  });

  it('bidders seal, sign and submit in the browser (resumed upload, a second version, a withdrawal); one bid comes by the CLI path', async () => {
    clock.set(at(-2 * 3600_000));
    // A: the first chunk's upload is cut off; the page offers to resume and sends only what is missing.
    const a = await page('bidder');
    await openBidPage(a);
    await a.route('**/api/bid-uploads/*/chunks/*', (route) => route.abort('connectionreset'), { times: 1 });
    await sealInBrowser(a, { price: '14500000.00', duration: '360日历天', keyOf: 'bidder' });
    await poll(() => a.getByTestId('bid-error').isVisible()).toBe(true);
    const committed = a.waitForResponse((r) => r.url().endsWith('/commit') && r.status() === 201);
    await a.getByTestId('bid-resume').click();
    receipts.push((await (await committed).json()) as Receipt);
    await poll(() => a.getByTestId('bid-receipt').getAttribute('data-ok')).toBe('true');
    await a.screenshot({ path: `${screenshotDir}/ggzy-bid-desktop-receipt.png`, fullPage: true });

    // B submits, then modifies the bid: version 2 supersedes version 1.
    const b = await page('bidder2');
    await openBidPage(b);
    await submitInBrowser(b, { price: '14600000.00', duration: '365日历天', keyOf: 'bidder2' });
    await submitInBrowser(b, { price: '14550000.00', duration: '362日历天', keyOf: 'bidder2' });
    await poll(() => b.getByTestId('bid-row-v1').getAttribute('data-status')).toBe('superseded');
    expect(await b.getByTestId('bid-row-v2').getAttribute('data-status')).toBe('submitted');

    // C submits and withdraws before the deadline.
    const c = await page('bidder3');
    await openBidPage(c);
    await submitInBrowser(c, { price: '14400000.00', duration: '358日历天', keyOf: 'bidder3' });
    await poll(() => c.getByTestId('bid-row-v1').getAttribute('data-status')).toBe('submitted');
    await c.getByTestId('bid-withdraw-v1').click();
    await c.getByTestId('bid-withdraw-confirm').click();
    await poll(() => c.getByTestId('bid-row-v1').getAttribute('data-status')).toBe('withdrawn');

    // E: the CLI (`ggzy-bidtool submit`, a child process) with an API token and the key files a bidder keeps.
    const e = await api('lijun');
    const token = ((await e.post('/api/auth/tokens', { name: 'ggzy-bidtool', expiresInDays: 30 })).body as { token: string }).token;
    const eFiles = await writeBidderFiles(files, keys.get('lijun') as BidderKey, PASSPHRASE);
    const bidFile = join(files, '李军-投标文件.pdf');
    await writeFile(bidFile, Buffer.alloc(9 * 1024 * 1024, 3));
    const run = await runCli([
      'submit', '--file', bidFile, '--tender', tenderId, '--section', section,
      '--price', '14700000.00', '--duration', '370日历天', '--quality', '合格',
      '--certificate', eFiles.certificate, '--key', eFiles.key, '--passphrase-file', eFiles.passphrase,
      '--server', server.url, '--token', token, '--proof-wait', '0',
    ]);
    expect(run.code, run.stderr).toBe(0);
    // stdout is the signed receipt; the saved file holds it with its inclusion evidence.
    const saved = JSON.parse(await readFile(`${bidFile}.ggzybid.receipt.json`, 'utf8')) as { receipt: Receipt };
    expect(saved.receipt).toEqual(JSON.parse(run.stdout));
    receipts.push(saved.receipt);
  });

  it('a bid committed after the deadline is refused by server time', async () => {
    clock.set(at(-60_000));
    const d = await page('wangfang');
    await openBidPage(d);
    // The upload starts before the deadline; the commit reaches the server after it.
    await d.route(
      '**/api/bid-uploads/*/commit',
      async (route) => {
        clock.set(at(1000));
        await route.continue();
      },
      { times: 1 },
    );
    await sealInBrowser(d, { price: '14300000.00', duration: '355日历天', keyOf: 'wangfang' });
    await poll(() => d.getByTestId('bid-error').getAttribute('data-code')).toBe('BID_DEADLINE_PASSED');
    await d.screenshot({ path: `${screenshotDir}/ggzy-bid-desktop-late.png`, fullPage: true });
    expect(((await (await api('wangfang')).get(`/api/tenders/${tenderId}/my-bids`)).body as { items: unknown[] }).items).toEqual([]);
  });

  it('opens in the hall: A decrypts in the page, B fails with a wrong key, E decrypts by the CLI path', async () => {
    clock.set(at(60_000));
    // A checks in (签到) before the opening starts; attendance is recorded, absence would not void a bid.
    const a = await page('bidder');
    await a.goto(hallUrl());
    await poll(() => status(a)).toBe('notStarted');
    await a.getByTestId('hall-check-in').click();
    await poll(() => a.getByTestId('hall-checked-in').isVisible()).toBe(true);
    const staff = await page('staff');
    await staff.goto('/workspace/openings');
    await staff.getByTestId(`hall-enter-${section}`).click();
    await poll(() => status(staff)).toBe('notStarted');
    await staff.locator('[data-testid="hall-window"] input, input[data-testid="hall-window"]').first().fill('5');
    await staff.getByTestId('hall-start').click();
    await poll(() => status(staff)).toBe('decrypting');
    expect(await staff.getByTestId('hall-bid').count()).toBe(3);
    await staff.getByTestId('hall-ceiling').click();
    await poll(() => staff.getByTestId('hall-ceiling-price').getAttribute('data-price')).toBe('14800000.00');

    const supervisor = await page('supervisor');
    await supervisor.goto(hallUrl());
    await poll(() => status(supervisor)).toBe('decrypting');
    // The hall is live over its event stream (SSE), and the check-in shows.
    await poll(() => supervisor.getByTestId('hall-connection').getAttribute('data-state')).toBe('live');
    await poll(() => supervisor.getByTestId('hall-check-ins').isVisible()).toBe(true);

    await poll(() => status(a)).toBe('decrypting');
    await a.getByTestId('hall-decrypt-key').setInputFiles(join(files, 'bidder.key.p8'));
    await a.getByTestId('hall-decrypt-passphrase').fill(PASSPHRASE);
    await a.getByTestId('hall-decrypt-submit').click();
    await poll(() => a.getByTestId('hall-bidder-decrypted').isVisible()).toBe(true);

    const b = await page('bidder2');
    await b.goto(hallUrl());
    await b.getByTestId('hall-decrypt-key').setInputFiles(join(files, 'stray.key.p8'));
    await b.getByTestId('hall-decrypt-passphrase').fill(PASSPHRASE);
    await b.getByTestId('hall-decrypt-submit').click();
    await poll(() => b.getByTestId('hall-bidder-error').isVisible()).toBe(true);

    const e = await api('lijun');
    const mine = (await e.get(`/api/tenders/${tenderId}/my-bids`)).body as { items: Array<{ id: string }> };
    const manifest = (await e.get(`/api/bids/${mine.items[0]?.id}/manifest`)).body as { manifest: { wrappedKeys: { bidder: string } } };
    const dataKey = sealedBid.unwrapKey(manifest.manifest.wrappedKeys.bidder, keys.get('lijun')?.privateKey ?? '');
    expect((await e.post(`/api/tenders/${tenderId}/sections/${section}/opening/decryptions`, { dataKey: dataKey.toString('base64') })).status).toBe(201);
    await poll(() => supervisor.getByTestId('hall-bid').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')).toSorted())).toEqual(['decrypted', 'decrypted', 'sealed']);
    await supervisor.screenshot({ path: `${screenshotDir}/ggzy-hall-desktop-decrypting.png`, fullPage: true });
  });

  it('after the window, three custodians decrypt their shares in the page and the platform opens the last bid', async () => {
    clock.advance(6 * 60_000);
    const staff = pages.get('staff') as Page;
    await staff.reload();
    await staff.getByTestId('hall-fallback').click();
    await poll(() => status(staff)).toBe('fallback');
    const tenderer = await page('tenderer');
    await tenderer.goto(hallUrl());
    for (const [name, p] of [
      ['staff', staff],
      ['supervisor', pages.get('supervisor') as Page],
      ['tenderer', tenderer],
    ] as const) {
      await p.reload();
      await p.getByTestId('hall-share-key').setInputFiles(join(files, `custodian-${name}.key.p8`));
      await p.getByTestId('hall-share-passphrase').fill(PASSPHRASE);
      await p.getByTestId('hall-share-submit').click();
      await poll(() => p.getByTestId('hall-custodian-done').isVisible()).toBe(true);
    }
    expect(await tenderer.getByTestId('hall-custodian-done').getAttribute('data-reconstructed')).toBe('true');
    await poll(() => staff.getByTestId('hall-bid').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')))).toEqual(['decrypted', 'decrypted', 'decrypted']);
  });

  it('publishes the record; bidders confirm or object, staff answer and close; the signed record verifies in the page', async () => {
    const staff = pages.get('staff') as Page;
    await staff.getByTestId('hall-publish').click();
    await poll(() => status(staff)).toBe('published');
    const rows = staff.getByTestId('hall-record-row');
    expect((await rows.evaluateAll((r) => r.map((row) => `${row.getAttribute('data-price')}:${row.getAttribute('data-decryption')}`))).toSorted()).toEqual([
      '14500000.00:bidderKey',
      '14550000.00:custodianFallback',
      '14700000.00:bidderKey',
    ]);
    const a = pages.get('bidder') as Page;
    await a.reload();
    await a.getByTestId('hall-confirm').click();
    const b = pages.get('bidder2') as Page;
    await b.reload();
    await b.getByTestId('hall-objection-text').fill('我方报价应为 14,550,000.00 元，请核对');
    await b.getByTestId('hall-objection').click();
    await poll(() => b.getByTestId('hall-response').count()).toBe(2);
    await staff.reload();
    await staff.getByTestId('hall-answer-text').fill('经核对开标一览表，报价 14,550,000.00 元，记录无误');
    await staff.getByTestId('hall-answer').click();
    await poll(() => staff.getByTestId('hall-answer-item').count()).toBe(0);
    await b.reload();
    await b.getByTestId('hall-confirm').click();
    await poll(() => b.getByTestId('hall-response').count()).toBe(3);
    expect((await (await api('lijun')).post(`/api/tenders/${tenderId}/sections/${section}/opening/responses`, { kind: 'confirm' })).status).toBe(201);

    await staff.reload();
    await staff.getByTestId('hall-close').click();
    await staff.getByTestId('hall-close-confirm').click();
    await poll(() => status(staff)).toBe('closed');
    await poll(() => staff.getByTestId('hall-record-signature').getAttribute('data-ok')).toBe('true');
    await staff.screenshot({ path: `${screenshotDir}/ggzy-hall-desktop-closed.png`, fullPage: true });
    await a.reload();
    await poll(() => a.getByTestId('hall-record-signature').getAttribute('data-ok')).toBe('true');

    // The supervisor's read-only view on a phone: no sideways scrolling.
    const phone = await page('supervisor', 'phone');
    await phone.goto(hallUrl());
    await poll(() => status(phone)).toBe('closed');
    expect(await phone.getByTestId('hall-staff').count()).toBe(0);
    await phone.waitForLoadState('networkidle');
    expect(await documentScrollWidth(phone)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await phone.screenshot({ path: `${screenshotDir}/ggzy-hall-phone-closed.png`, fullPage: true });

    // The public opening result (公开开标): anyone, signed in or not, sees the signed record.
    const visitor = await newDesktopContext(browser, server.url);
    contexts.push(visitor);
    const publicPage = await visitor.newPage();
    await publicPage.goto(`/tenders/${tenderId}`);
    await publicPage.getByTestId('section-opening-result').click();
    await publicPage.waitForURL(`${server.url}/tenders/${tenderId}/sections/${section}/opening`);
    await poll(() => publicPage.getByTestId('hall-record-signature').getAttribute('data-ok')).toBe('true');
    expect(await publicPage.getByTestId('hall-record-row').count()).toBe(3);
  });

  it('every receipt is in the log under a signed checkpoint, and the log verifier passes over the whole log', async () => {
    expect(receipts).toHaveLength(5);
    const checkpoint = (await (await fetch(`${server.url}/api/log/checkpoint`)).json()) as { treeSize: number; rootSm3: string; note: string };
    const note = parseCheckpointNote(checkpoint.note);
    if (!note.ok) throw new Error(note.reason);
    for (const receipt of receipts) {
      const proof = (await (await fetch(`${server.url}/api/log/proofs/inclusion?index=${receipt.logIndex}&treeSize=${checkpoint.treeSize}`)).json()) as { leafHash: string; proof: string[] };
      expect(proof.leafHash).toBe(receipt.leafHashSm3);
      expect(verifyInclusion(sm3Hash, receipt.logIndex, checkpoint.treeSize, fromHex(receipt.leafHashSm3), proof.proof.map(fromHex), note.body.rootSm3)).toEqual({ ok: true });
    }
    const report = await verifyLog(databaseLogSource(server.platform.deps.db, database));
    expect(report.problem).toBeUndefined();
    expect(report.ok).toBe(true);
  });
});
