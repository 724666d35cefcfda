/**
 * The tender of the opening issue continued in headless Chromium against the real server on a
 * manual clock, through to the award notice: staff draw 5 experts with two avoidance conflicts
 * (an expert related to a bidder, one to the tenderer) and one decline (补抽), unseal, and anyone
 * re-runs the draw from its logged seed in the browser with the same result; the committee is set
 * up; the experts sign in with their authenticators, elect the chair, evaluate by the deviation
 * method (qualification findings, detailed scores, price scores computed by the chair), a bidder
 * answers a clarification, every member signs the report (one dissent); the tenderer publishes
 * the candidates, the public page is reached from the trading hall, a bidder objects, the tenderer
 * answers, the publicity ends, the tenderer awards rank 1 and the winner downloads and verifies
 * the signed notice. Run `npm run build -w apps/web` first.
 *
 * The section up to a closed opening, the expert accounts and the registry come from the API
 * fixtures (e2e/api/evaluation-fixture.ts): those pages have their own browser tests.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAwardNotice } from '../../apps/server/src/modules/award/domain/notice.js';
import { drawPanel } from '../../apps/server/src/modules/evaluation/index.js';
import { demoTotpSecret, totp } from '../../apps/server/src/modules/identity/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { client } from '../api/http.js';
import { type OpenedFixture, openedSection, Sessions } from '../api/evaluation-fixture.js';
import { freshTotpCodes, launchBrowser, newDesktopContext, selectOption, signInInBrowser } from '../support/browser.js';
import { DEMO_PASSWORD, e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';

const DEADLINE = '2026-12-18T01:30:00.000Z';
const PRICES = ['14200000.00', '14350000.00', '14600000.00'];
const SPECIALTY = '4831';
const EXPERT_PASSWORD = 'Pingbiao#2026';
/** Six accounts in the specialty: five sit, one replaces the expert who declines. */
const EXPERTS = ['pingshen1', 'pingshen2', 'pingshen3', 'pingshen4', 'pingshen5', 'pingshen6'] as const;
/** Detailed-review score of each bid (by bid index): the first bid is clearly best. */
const T1 = ['28', '20', '15'];
const poll = <T>(probe: () => Promise<T> | T, timeout = 30_000) => expect.poll(probe, { timeout, interval: 200 });

describe.each(e2eDatabaseKinds())('from the closed opening to the award notice in the browser on %s', (database) => {
  const clock = manualClock('2026-11-27T02:00:00Z');
  let server: TestServer;
  let browser: Browser;
  let sessions: Sessions;
  let opened: OpenedFixture;
  const contexts: BrowserContext[] = [];
  const pages = new Map<string, Page>();
  /** userId → username of the fixture's expert accounts; expertId → username. */
  const userOf = new Map<string, string>();
  const expertUser = new Map<string, string>();
  let drawId = '';
  let roomId = '';
  let tendererName = '';
  let bidderNames: string[] = [];
  /** Experts answer with the authenticator they enrolled (SHA256 apps), demo users with the seed's. */
  const freshTotp = freshTotpCodes(clock, (username, at) => {
    const secret = sessions.secretOf(username);
    return secret ? totp(secret, at, 'SHA256') : totp(demoTotpSecret(username), at, server.platform.deps.config.TOTP_ALGORITHM);
  });

  async function signedIn(name: string, key = name): Promise<Page> {
    const context = await newDesktopContext(browser, server.url);
    // A loaded machine (2 cores, several suites) answers slowly; the room polls every 2 s.
    context.setDefaultTimeout(45_000);
    contexts.push(context);
    const page = await context.newPage();
    await signInInBrowser(page, { username: name, password: sessions.secretOf(name) ? EXPERT_PASSWORD : DEMO_PASSWORD, totp: () => freshTotp(name) });
    pages.set(key, page);
    return page;
  }

  const page = (name: string) => {
    const p = pages.get(name);
    if (!p) throw new Error(`no page for ${name}`);
    return p;
  };
  const anonymous = async () => {
    const context = await newDesktopContext(browser, server.url);
    context.setDefaultTimeout(45_000);
    contexts.push(context);
    return context.newPage();
  };
  const roomOf = async () => (await sessions.get('staff').get(`/api/evaluations/${roomId}`)).body as { step: string; chairId: string; members: Array<{ id: string; name: string }>; status: string };

  beforeAll(async () => {
    server = await startTestServer({ database, clock });
    browser = await launchBrowser();
    sessions = new Sessions(server.url, clock);
    opened = await openedSection(sessions, { deadline: DEADLINE, prices: PRICES, investProjectCode: '2611-520115-48-01-510077' });
    const staff = sessions.get('staff');
    tendererName = ((await client(server.url).get(`/api/tenders/${opened.tenderId}`)).body as { ownerName: string }).ownerName;
    const record = (await staff.get(`/api/tenders/${opened.tenderId}/sections/${opened.sectionCode}/opening`)).body as { record: { rows: Array<{ bidId: string; bidderName: string }> } };
    bidderNames = opened.bids.map((b) => record.record.rows.find((r) => r.bidId === b.bidId)?.bidderName ?? '');
    for (const [i, username] of EXPERTS.entries()) {
      const userId = await sessions.registerExpertAccount(username, `评标专家${i + 1}`, 20 + i);
      userOf.set(userId, username);
      const applied = await sessions.get(username).post('/api/experts', {
        name: `评标专家${i + 1}`,
        title: '高级工程师',
        yearsOfPractice: 10 + i,
        employer: { name: `贵州省交通规划勘察设计研究院第${i + 1}所` },
        regionCode: '520102',
        specialties: [SPECIALTY],
      });
      const expertId = (applied.body as { id: string }).id;
      expertUser.set(expertId, username);
      const reviewed = await staff.post(`/api/experts/${expertId}/review`, { decision: 'approve' });
      if (reviewed.status !== 200) throw new Error(`approval of ${username}: ${reviewed.status} ${JSON.stringify(reviewed.body)}`);
    }
    // Two experts of the specialty with declared interest relations: one to a bidder, one to the tenderer.
    const related = [
      { name: '关联专家甲', relatedOrgs: [{ name: bidderNames[1] ?? '' }] },
      { name: '关联专家乙', relatedOrgs: [{ name: tendererName }] },
    ];
    for (const [i, r] of related.entries()) {
      const registered = await staff.post('/api/experts', { ...r, title: '正高级工程师', yearsOfPractice: 20, employer: { name: `贵阳市建筑设计院第${i + 1}分院` }, regionCode: '520102', specialties: [SPECIALTY] });
      if (registered.status !== 201) throw new Error(`related expert: ${registered.status} ${JSON.stringify(registered.body)}`);
      const expert = registered.body as { id: string; status: string };
      if (expert.status === 'pending') await staff.post(`/api/experts/${expert.id}/review`, { decision: 'approve' });
    }
    // The first browser sign-ins need a TOTP step after the fixture's own sign-ins.
    clock.advance(30_000);
    await signedIn('staff');
    // A whole tender with a remote opening, six expert accounts with authenticators and a browser: far beyond the default hook time on a loaded machine.
  }, 600_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('staff draw five experts: two avoided with reasons, one declines on their invitation page, a supplementary draw replaces them, the panel is unsealed', async () => {
    const p = page('staff');
    await p.goto(`/workspace/expert-draws?tender=${opened.tenderId}&section=${opened.sectionCode}`);
    await p.getByTestId('draw-date').fill('2026-12-18');
    // The specialty list is long (a virtual list): search for the code, then pick it.
    await p.getByTestId('draw-specialty').click();
    await p.keyboard.type(SPECIALTY);
    await p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: SPECIALTY }).first().click();
    await p.getByTestId('draw-load-avoidance').click();
    await expect.poll(() => p.getByTestId('draw-avoid-bidders').inputValue()).toContain(bidderNames[1]);
    expect(await p.getByTestId('draw-avoid-tenderers').inputValue()).toBe(tendererName);
    await p.getByTestId('draw-submit').click();
    await p.waitForURL(/\/workspace\/expert-draws\/[0-9a-f-]{36}\?/);
    drawId = /expert-draws\/([0-9a-f-]{36})/.exec(p.url())?.[1] ?? '';
    await expect.poll(() => p.getByTestId('draw-pool').textContent()).toContain('候选 8 人，回避 2 人');
    // Identities stay sealed to staff; each drawn expert is notified (评标邀请) and answers for themselves.
    expect(await p.getByTestId('draw-page').textContent()).toContain('（密封）');
    const slotOf = async (username: string) => ((await sessions.get(username).get('/api/expert-invitations')).body as { items: Array<{ slot: number }> }).items.map((i) => i.slot);
    let declining = '';
    for (const username of EXPERTS) if ((await slotOf(username)).includes(1)) declining = username;
    expect(declining).not.toBe('');
    const expert = await signedIn(declining, `${declining}-invitation`);
    await expert.goto('/workspace/expert-invitations');
    await expert.getByTestId('invitation-0-decline').click();
    await expert.getByTestId('invitation-0-reason').fill('评标当日另有公务');
    await expert.getByTestId('invitation-0-submit-decline').click();
    await poll(() => expert.getByTestId('invitation-0-answer').textContent()).toBe('拒绝参加');
    await p.reload();
    await poll(() => p.getByTestId('slot-1-answer').textContent()).toBe('拒绝参加');
    for (const slot of [2, 3, 4, 5]) {
      await p.getByTestId(`slot-${slot}-confirm`).click();
      await poll(() => p.getByTestId(`slot-${slot}-answer`).textContent()).toBe('确认参加');
    }
    await p.getByTestId('draw-supplementary').click();
    await p.getByTestId('slot-6-confirm').click();
    await poll(() => p.getByTestId('slot-6-answer').textContent()).toBe('确认参加');
    await p.getByTestId('draw-unseal').click();
    await poll(() => p.getByTestId('draw-status').textContent()).toBe('已解密');
    const avoided = p.getByTestId('draw-avoided');
    await poll(() => avoided.textContent()).toContain('与投标人有利害关系');
    expect(await avoided.textContent()).toContain('与招标人有利害关系');
    expect(await avoided.textContent()).toContain('关联专家甲');
    const draw = (await sessions.get('staff').get(`/api/expert-draws/${drawId}`)).body as { slots: Array<{ slot: number; drawType: number; onPanel: boolean; answer: string }> };
    expect(draw.slots.map((s) => [s.slot, s.drawType, s.onPanel, s.answer])).toEqual([
      [1, 1, false, 'declined'],
      [2, 1, true, 'confirmed'],
      [3, 1, true, 'confirmed'],
      [4, 1, true, 'confirmed'],
      [5, 1, true, 'confirmed'],
      [6, 2, true, 'confirmed'],
    ]);
    // Several browser windows on a loaded machine (2 cores shared): minutes, not the default 90 s.
  }, 600_000);

  it('anyone re-runs the draw from its logged seed in the browser and gets the same panel', async () => {
    const p = await anonymous();
    await p.goto(`/expert-draws/${drawId}/verify`);
    await poll(() => p.getByTestId('verify-result').getAttribute('data-outcome')).toBe('match');
    expect(await p.getByTestId('verify-commitment').textContent()).toBe('相符');
    expect(await p.getByTestId('verify-candidates').textContent()).toBe('相符');
    const inBrowser = await p.getByTestId('verify-panel-expert').allTextContents();
    const published = (await client(server.url).get(`/api/expert-draws/${drawId}/verification`)).body as {
      seed: string;
      candidates: Array<{ id: string; specialties: string[] }>;
      excluded: string[];
      request: { slots: Array<{ specialty: string; count: number }> };
      rounds: Array<{ released: string[] }>;
    };
    expect(published.rounds).toHaveLength(1);
    expect(published.excluded).toHaveLength(2);
    const rerun = drawPanel(Buffer.from(published.seed, 'hex'), published.candidates, published.request, published.excluded, published.rounds);
    const unsealed = (await sessions.get('staff').get(`/api/expert-draws/${drawId}`)).body as { slots: Array<{ expertId: string; onPanel: boolean }> };
    expect(inBrowser).toEqual(rerun.panel.map((m) => m.expertId));
    expect(inBrowser).toEqual(unsealed.slots.filter((s) => s.onPanel).map((s) => s.expertId));
    // Several browser windows on a loaded machine (2 cores shared): minutes, not the default 90 s.
  }, 600_000);

  it('staff set up the committee (法 37 shown) and the experts sign in, elect the chair and score the qualification independently', async () => {
    const p = page('staff');
    expect(await p.getByTestId('committee-rule').textContent()).toContain('已确认专家 5 人，招标人代表 0 人，共 5 人');
    expect(await p.getByTestId('committee-tender').inputValue()).toBe(opened.tenderId);
    await p.getByTestId('committee-submit').click();
    await p.waitForURL(/\/workspace\/evaluations\/[0-9a-f-]{36}$/);
    roomId = /evaluations\/([0-9a-f-]{36})/.exec(p.url())?.[1] ?? '';
    const members = (await roomOf()).members;
    expect(members).toHaveLength(5);
    const names = members.map((m) => userOf.get(m.id) ?? '');
    for (const name of names) {
      const expert = await signedIn(name);
      await expert.getByTestId('nav-item-evaluationTasks').click();
      await expert.getByTestId(`room-link-${opened.sectionCode}`).click();
      await expert.getByTestId('room-sign-in').click();
      await expert.getByTestId('room-sign-in').waitFor({ state: 'detached' });
    }
    await p.getByTestId('room-start').click();
    for (const name of names) {
      const expert = page(name);
      await expert.getByTestId('vote-0').click();
      // The last vote elects the chair and the room moves on, so the "voted" note may never show.
      await poll(async () => (await expert.getByTestId('vote-done').count()) > 0 || (await expert.getByTestId('room-page').getAttribute('data-step')) !== 'chairElection').toBe(true);
    }
    await poll(async () => (await roomOf()).step).toBe('qualification');
    expect(userOf.get((await roomOf()).chairId)).toBe(names[0]);
    // Before submitting, a member sees no other member's findings; after, the others' submitted ones.
    for (const name of names) {
      const expert = page(name);
      await poll(() => expert.getByTestId('room-page').getAttribute('data-step')).toBe('qualification');
      for (const b of [0, 1, 2]) await expert.getByTestId(`score-q1-${b}-pass`).click();
      await expert.getByTestId('room-submit').click();
      await expert.getByTestId('score-submitted').waitFor();
    }
    // The last to submit sees every other member's findings (columns per member), the first saw none before submitting.
    const last = page(names.at(-1) ?? '');
    await poll(() => last.locator('.evaluation-other').allTextContents()).toEqual(Array.from({ length: 4 * 3 }, () => 'pass'));
    // Staff see the progress, not the findings.
    const staffView = (await sessions.get('staff').get(`/api/evaluations/${roomId}`)).body as { scores: unknown };
    expect(staffView.scores).toBeNull();
    // Several browser windows on a loaded machine (2 cores shared): minutes, not the default 90 s.
  }, 600_000);

  it('the chair asks a bidder for a clarification, the bidder answers in time; detailed scores, price scores by the deviation method, ranking', async () => {
    const names = (await roomOf()).members.map((m) => userOf.get(m.id) ?? '');
    const chair = page(names[0] ?? '');
    await chair.getByTestId('chair-advance').click();
    await poll(() => chair.getByTestId('room-page').getAttribute('data-step')).toBe('preliminary');
    await chair.getByTestId('chair-advance').click();
    await poll(() => chair.getByTestId('room-page').getAttribute('data-step')).toBe('detailed');
    await selectOption(chair, 'request-bid', bidderNames[1] ?? '');
    await chair.getByTestId('request-question').fill('请澄清投标报价中安全文明施工费的计取依据');
    await chair.getByTestId('request-submit').click();
    await poll(() => chair.getByTestId('room-requests').textContent()).toContain('等待答复');

    const bidder = await signedIn('bidder2');
    await bidder.goto('/workspace/evaluation-requests');
    await poll(() => bidder.getByTestId('request-0-countdown').textContent()).toMatch(/剩余 00:(29|30):\d\d/);
    await bidder.getByTestId('request-0-text').fill('按贵州省建设工程计价依据计取，费率 3.2%');
    await bidder.getByTestId('request-0-submit').click();
    await bidder.getByTestId('request-0-answered').waitFor();
    await poll(() => chair.getByTestId('room-requests').textContent()).toContain('费率 3.2%');

    for (const name of names) {
      const expert = page(name);
      await poll(() => expert.getByTestId('room-page').getAttribute('data-step')).toBe('detailed');
      for (const [b, value] of T1.entries()) await expert.getByTestId(`score-t1-${b}`).fill(value);
      await expert.getByTestId('room-submit').click();
      await expert.getByTestId('score-submitted').waitFor();
    }
    await chair.getByTestId('chair-advance').click();
    await poll(() => chair.getByTestId('room-page').getAttribute('data-step')).toBe('priceScore');
    await chair.getByTestId('chair-price-scores').click();
    await chair.getByTestId('price-scores').waitFor();
    await chair.getByTestId('chair-advance').click();
    await poll(() => chair.getByTestId('room-page').getAttribute('data-step')).toBe('other');
    await chair.getByTestId('chair-advance').click();
    await poll(() => chair.getByTestId('room-page').getAttribute('data-step')).toBe('result');
    await poll(() => chair.getByTestId('ranking-bidder').allTextContents()).toHaveLength(3);
    expect((await chair.getByTestId('ranking-bidder').allTextContents())[0]).toBe(bidderNames[0]);
    expect(await chair.getByTestId('result-chart').getAttribute('data-bars')).toBe('3');
    // Several browser windows on a loaded machine (2 cores shared): minutes, not the default 90 s.
  }, 600_000);

  it('every member signs the report in the room (one dissent with reasons); the last signature locks it and shows the platform-signed report', async () => {
    const names = (await roomOf()).members.map((m) => userOf.get(m.id) ?? '');
    for (const [m, name] of names.entries()) {
      const expert = page(name);
      if (m === 1) {
        await expert.getByTestId('sign-reason').fill('第二名投标人的施工组织设计应得更高分');
        await expert.getByTestId('sign-dissent').click();
      } else {
        await expert.getByTestId('sign-agree').click();
      }
      if (m < names.length - 1) await expert.getByTestId('sign-done').waitFor();
    }
    const chair = page(names[0] ?? '');
    await poll(() => chair.getByTestId('signed-report').textContent()).toContain('ggzy-evaluation-report/1');
    expect(await chair.getByTestId('signed-report').textContent()).toContain('第二名投标人的施工组织设计应得更高分');
    expect((await roomOf()).status).toBe('locked');
    // Several browser windows on a loaded machine (2 cores shared): minutes, not the default 90 s.
  }, 600_000);

  it('the tenderer publishes the candidates; the public page is reached from the trading hall; a bidder objects and the tenderer answers', async () => {
    const tenderer = await signedIn('tenderer');
    await tenderer.getByTestId('nav-item-awardResult').click();
    await tenderer.getByTestId(`award-open-${opened.sectionCode}`).click();
    await tenderer.getByTestId('award-publish-submit').click();
    await poll(() => tenderer.getByTestId('award-state').textContent()).toBe('公示中');
    expect((await tenderer.getByTestId('candidate-name').allTextContents())[0]).toBe(bidderNames[0]);

    const visitor = await anonymous();
    await visitor.goto('/');
    await visitor.locator('a.announcement__title', { hasText: '中标候选人公示' }).first().click();
    await visitor.getByTestId('public-publicity').waitFor();
    await poll(() => visitor.getByTestId('candidate-name').count()).toBeGreaterThan(0);
    expect(await visitor.getByTestId('public-publicity-state').textContent()).toBe('公示中');

    const objector = await signedIn('bidder3');
    await objector.goto(`/workspace/awards/${opened.tenderId}/${opened.sectionCode}`);
    await objector.getByTestId('objection-text').fill('第一中标候选人的项目经理同时在其他在建项目任职，请予核查');
    await objector.getByTestId('objection-submit').click();
    await poll(() => objector.getByTestId('award-state').textContent()).toBe('异议处理中（暂停）');

    await tenderer.reload();
    await tenderer.getByTestId('objection-0-reply').fill('经核查，该项目经理原任职项目已竣工验收，不存在在建项目任职情形');
    await tenderer.getByTestId('objection-0-reply-submit').click();
    await tenderer.getByTestId('objection-0-answered').waitFor();
    await poll(() => tenderer.getByTestId('award-state').textContent()).toBe('公示中');
    // Several browser windows on a loaded machine (2 cores shared): minutes, not the default 90 s.
  }, 600_000);

  it('after the publicity the tenderer awards rank 1; the result is public and the winner downloads and verifies the signed notice', async () => {
    const view = (await sessions.get('tenderer').get(`/api/tenders/${opened.tenderId}/sections/${opened.sectionCode}/award`)).body as { publicity: { endsAt: string } };
    clock.set(new Date(Date.parse(view.publicity.endsAt) + 60 * 60_000));
    // Sessions idle out over the days of publicity: sign in again.
    const tenderer = await signedIn('tenderer', 'tenderer-after');
    await tenderer.goto(`/workspace/awards/${opened.tenderId}/${opened.sectionCode}`);
    await tenderer.getByTestId('decision-submit').click();
    await poll(() => tenderer.getByTestId('award-state').textContent()).toBe('已发中标通知书');
    expect(await tenderer.getByTestId('award-winner').textContent()).toContain(bidderNames[0]);

    const visitor = await anonymous();
    await visitor.goto(`/tenders/${opened.tenderId}/sections/${opened.sectionCode}/award`);
    await poll(() => visitor.getByTestId('public-winner').textContent()).toBe(bidderNames[0]);

    const winner = await signedIn(opened.bids[0]?.bidder ?? 'bidder', 'winner');
    await winner.goto(`/workspace/awards/${opened.tenderId}/${opened.sectionCode}`);
    await winner.getByTestId('notice-verify').click();
    await poll(() => winner.getByTestId('notice-check').getAttribute('data-outcome')).toBe('valid');
    const download = winner.waitForEvent('download');
    await winner.getByTestId('notice-download').click();
    const path = await (await download).path();
    const notice = JSON.parse(await readFile(path, 'utf8')) as Parameters<typeof verifyAwardNotice>[0];
    const key = (await client(server.url).get('/api/award/notice-key')).body as { publicKey: string };
    expect(verifyAwardNotice(notice, key.publicKey)).toBe(true);
    expect(notice).toMatchObject({ format: 'ggzy-award-notice/1', winner: { rank: 1, bidderName: bidderNames[0] } });
  }, 600_000);
  it('the winner gives up: the notice is revoked and the next candidate awarded; with none left the section fails and is tendered again', async () => {
    const url = `/api/tenders/${opened.tenderId}/sections/${opened.sectionCode}/award`;
    // The API sessions idled out over the publicity days: read through the signed-in page's own session.
    const tenderer = await signedIn('tenderer', 'tenderer-fallback');
    const candidates = ((await (await tenderer.request.get(url)).json()) as { candidates: unknown[] }).candidates.length;
    await tenderer.goto(`/workspace/awards/${opened.tenderId}/${opened.sectionCode}`);
    for (let rank = 2; rank <= candidates + 1; rank++) {
      await tenderer.getByTestId('fallback-note').fill(`第 ${rank - 1} 名书面放弃中标（放弃函已存档）`);
      await tenderer.getByTestId('fallback-submit').click();
      if (rank <= candidates) await poll(() => tenderer.getByTestId('award-winner').textContent()).toContain(bidderNames[rank - 1]);
    }
    await poll(() => tenderer.getByTestId('award-state').textContent()).toBe('招标失败');

    // The new tender keeps the statutory 20 days (法 24): 30 days on, 09:30 Beijing time.
    const beijing = new Date(clock.now().getTime() + 30 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await tenderer.getByTestId('retender-deadline').fill(`${beijing}T09:30`);
    await tenderer.getByTestId('retender-submit').click();
    await tenderer.getByTestId('retender-draft').click();
    await tenderer.waitForURL(/\/workspace\/tenders\/[0-9a-f-]{36}$/);
    const draftId = tenderer.url().split('/').pop() ?? '';
    const draft = (await (await tenderer.request.get(`/api/tenders/${draftId}/manage`)).json()) as { status: string; sections: Array<{ sectionCode: string }> };
    expect(draft).toMatchObject({ status: 'draft', sections: [{ sectionCode: opened.sectionCode }] });
  }, 600_000);
});
