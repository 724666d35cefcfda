/**
 * Shared setup of the evaluation e2e tests (not a test file itself): a tender section opened for
 * real (bids sealed, decrypted by their bidders, ceiling price, float point, record, confirmations,
 * signed close), expert accounts linked to approved experts, and a drawn, confirmed, unsealed panel.
 */
import { citizenIdCheckCharacter } from '@ggzy/contracts';
import { sealedBid } from '../../apps/server/src/modules/tendering/index.js';
import { totp } from '../../apps/server/src/modules/identity/index.js';
import { base32Decode } from '../../apps/server/src/modules/identity/domain/totp.js';
import type { manualClock } from '../../apps/server/src/platform/clock.js';
import { sm2 } from '../../apps/server/src/platform/crypto/gm/index.js';
import { signIn } from '../support/sign-in.js';
import { client } from './http.js';
import { type BidderKey, bidderKey, publishedTender, registerProjectSection, type SealedBid, sealBid, submitBid, tenderInput } from './tender-fixture.js';

export type Api = ReturnType<typeof client>;

const EXPERT_PASSWORD = 'Pingbiao#2026';

/** Demo sessions plus accounts made by the fixture; everyone re-signs in after the clock jumps (sessions idle out). */
export class Sessions {
  private readonly apis = new Map<string, Api>();
  /** TOTP secrets of accounts enrolled by the fixture (demo accounts use the demo secrets). */
  private readonly secrets = new Map<string, Buffer>();
  constructor(
    readonly url: string,
    readonly clock: ReturnType<typeof manualClock>,
  ) {}

  get(name: string): Api {
    const api = this.apis.get(name);
    if (!api) throw new Error(`no session for ${name}`);
    return api;
  }

  /** The authenticator secret the fixture enrolled for `name` (a browser test signs the account in with it). */
  secretOf(name: string): Buffer | undefined {
    return this.secrets.get(name);
  }

  async signIn(name: string): Promise<Api> {
    const secret = this.secrets.get(name);
    if (!secret) {
      this.apis.set(name, (await signIn(this.url, name, { at: this.clock.now() })).api);
      return this.get(name);
    }
    const api = client(this.url);
    const first = await api.post('/api/auth/login', { username: name, password: EXPERT_PASSWORD });
    const challenge = (first.body as { secondFactor: { challenge: string } }).secondFactor.challenge;
    const second = await api.post('/api/auth/login/second-factor', { challenge, code: totp(secret, this.clock.now(), 'SHA256') });
    if (second.status !== 200) throw new Error(`second factor of ${name}: ${second.status} ${JSON.stringify(second.body)}`);
    this.apis.set(name, api);
    return api;
  }

  async signInAll(names: readonly string[]): Promise<void> {
    for (const name of names) await this.signIn(name);
  }

  /** A natural person registers with the expert role, staff approve, the first sign-in enrols the authenticator. */
  async registerExpertAccount(username: string, displayName: string, index: number): Promise<string> {
    const body17 = `5201031980010${String(100 + index).padStart(3, '0')}1`;
    const registration = await client(this.url).post('/api/registrations', {
      entity: { kind: 'naturalPerson', name: displayName, citizenId: body17 + citizenIdCheckCharacter(body17), regionCode: '520103', profile: { contacts: [{ name: displayName, phone: '13800000001' }] } },
      account: { username, password: EXPERT_PASSWORD, displayName, roles: ['expert'] },
    });
    if (registration.status !== 201) throw new Error(`registration of ${username}: ${registration.status} ${JSON.stringify(registration.body)}`);
    const approved = await this.get('staff').post(`/api/registrations/${(registration.body as { id: string }).id}/review`, { decision: 'approve' });
    if (approved.status !== 200) throw new Error(`approval of ${username}: ${approved.status} ${JSON.stringify(approved.body)}`);
    const api = client(this.url);
    const first = await api.post('/api/auth/login', { username, password: EXPERT_PASSWORD });
    const step = (first.body as { secondFactor: { challenge: string; enrollment: { secret: string } } }).secondFactor;
    const secret = base32Decode(step.enrollment.secret);
    this.secrets.set(username, secret);
    const second = await api.post('/api/auth/login/second-factor', { challenge: step.challenge, code: totp(secret, this.clock.now(), 'SHA256') });
    if (second.status !== 200) throw new Error(`enrolment of ${username}: ${second.status} ${JSON.stringify(second.body)}`);
    this.apis.set(username, api);
    return ((await api.get('/api/auth/me')).body as { id: string }).id;
  }
}

async function must(what: string, reply: Promise<{ status: number; body: unknown }>): Promise<unknown> {
  const r = await reply;
  if (r.status !== 200 && r.status !== 201) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export interface OpenedFixture {
  tenderId: string;
  sectionCode: string;
  bids: Array<{ bidId: string; bidder: string; bidderId: string; price: string }>;
  floatPoint: { letter: string; rate: string };
}

export const OPENING_BIDDERS = ['bidder', 'bidder2', 'bidder3'] as const;
const CUSTODIANS = ['tenderer', 'agency', 'supervisor', 'staff', 'admin'] as const;

/**
 * An engineering open tender with one section configured with a float point, three sealed bids
 * at `prices`, and a complete remote opening: bidders decrypt with their own keys, the ceiling
 * price is announced, staff draw the float point, the record is published, confirmed by every
 * bidder and closed (signed). The clock ends a few minutes after the deadline.
 */
export async function openedSection(sessions: Sessions, input: { deadline: string; prices: readonly string[]; investProjectCode: string }): Promise<OpenedFixture> {
  const { clock } = sessions;
  await sessions.signInAll([...CUSTODIANS, ...OPENING_BIDDERS]);
  const tenderer = sessions.get('tenderer');
  const staff = sessions.get('staff');
  const sectionCode = await registerProjectSection(tenderer, staff, '观山湖区第五中学综合楼建设工程', input.investProjectCode);
  const base = tenderInput(sectionCode, { bidDeadline: input.deadline, title: '观山湖区第五中学综合楼建设工程施工招标公告' });
  const [section] = base.sections;
  const tenderId = await publishedTender(tenderer, staff, { ...base, sections: [{ ...section, opening: { floatPoint: { mode: 'discountBase' } } }] });
  const custodianKeys = CUSTODIANS.map(() => sm2.generateKeyPair());
  const users: string[] = [];
  for (const name of CUSTODIANS) users.push(((await sessions.get(name).get('/api/auth/me')).body as { id: string }).id);
  const ceremony = await staff.post(`/api/tenders/${tenderId}/opening-key`, { threshold: 3, custodians: users.map((userId, i) => ({ userId, publicKey: custodianKeys[i]?.publicKey })) });
  if (ceremony.status !== 201) throw new Error(`opening key: ${ceremony.status} ${JSON.stringify(ceremony.body)}`);
  const openingPublicKey = (ceremony.body as { publicKey: string }).publicKey;

  const sealed: Array<{ key: BidderKey; bid: SealedBid; bidId: string }> = [];
  for (const [i, name] of OPENING_BIDDERS.entries()) {
    const api = sessions.get(name);
    await api.post(`/api/tenders/${tenderId}/documents/registration`, {});
    const key = await bidderKey(api);
    const bid = sealBid({ tenderId, sectionCode, bidder: key, openingPublicKey, file: Buffer.from(`${name} 投标文件`), summary: { price: input.prices[i], duration: '360日', quality: '合格' }, chunkSize: 8 * 1024 * 1024 });
    const receipt = await submitBid(sessions.url, api, tenderId, bid, key);
    if (receipt.status !== 201) throw new Error(`bid of ${name}: ${receipt.status} ${JSON.stringify(receipt.body)}`);
    sealed.push({ key, bid, bidId: (receipt.body as { bidId: string }).bidId });
    clock.advance(1000);
  }

  clock.set(new Date(Date.parse(input.deadline) + 60_000));
  await sessions.signInAll([...CUSTODIANS, ...OPENING_BIDDERS]);
  const opening = `/api/tenders/${tenderId}/sections/${sectionCode}/opening`;
  await must('opening', sessions.get('staff').post(opening, { windowMinutes: 5 }));
  for (const [i, name] of OPENING_BIDDERS.entries()) {
    const entry = sealed[i];
    if (!entry) throw new Error('bid');
    const dataKey = sealedBid.unwrapKey(entry.bid.manifest.wrappedKeys.bidder, entry.key.privateKey).toString('base64');
    await must(`decryption by ${name}`, sessions.get(name).post(`${opening}/decryptions`, { dataKey }));
  }
  await must('ceiling price', sessions.get('staff').post(`${opening}/ceiling-price`, {}));
  const drawn = (await must('float point', sessions.get('staff').post(`${opening}/float-point`, {}))) as { floatPoint?: { letter: string; rate: string }; letter?: string; rate?: string };
  clock.advance(6 * 60_000);
  await must('record', sessions.get('staff').post(`${opening}/record`, {}));
  for (const name of OPENING_BIDDERS) await must(`confirmation by ${name}`, sessions.get(name).post(`${opening}/responses`, { kind: 'confirm' }));
  await must('close', sessions.get('staff').post(`${opening}/close`, {}));
  const floatPoint = drawn.floatPoint ?? { letter: drawn.letter ?? '', rate: drawn.rate ?? '' };
  const bids = [];
  for (const [i, name] of OPENING_BIDDERS.entries()) {
    const bidderId = ((await sessions.get(name).get('/api/auth/me')).body as { id: string }).id;
    bids.push({ bidId: sealed[i]?.bidId ?? '', bidder: name, bidderId, price: input.prices[i] ?? '' });
  }
  return { tenderId, sectionCode, bids, floatPoint };
}

/** A published tender for one newly registered project section, without bids or opening: what a draw can be bound to. */
export async function publishedSection(tenderer: Api, staff: Api, input: { name: string; investProjectCode: string }): Promise<{ tenderId: string; sectionCode: string }> {
  const sectionCode = await registerProjectSection(tenderer, staff, input.name, input.investProjectCode);
  const tenderId = await publishedTender(tenderer, staff, tenderInput(sectionCode, { title: `${input.name}施工招标公告` }));
  return { tenderId, sectionCode };
}

export interface Committee {
  drawId: string;
  /** Expert usernames in panel order, with their user ids. */
  experts: Array<{ username: string; userId: string }>;
}

/**
 * `count` expert accounts apply as experts in a specialty no demo expert holds, staff approve;
 * a draw of exactly those experts plus `representatives` tenderer representatives is made for the
 * tender section, every slot confirms, and the panel is unsealed (evaluation starts).
 */
export async function drawnCommittee(sessions: Sessions, input: { tenderId: string; sectionCode: string; reference: string; evaluationDate: string; specialty: string; count: number; representatives: number; prefix: string }): Promise<Committee> {
  const staff = sessions.get('staff');
  const accounts: Array<{ username: string; userId: string; expertId: string }> = [];
  for (let i = 0; i < input.count; i++) {
    const username = `${input.prefix}${i + 1}`;
    const userId = await sessions.registerExpertAccount(username, `评标专家${i + 1}`, i);
    const applied = await sessions.get(username).post('/api/experts', {
      name: `评标专家${i + 1}`,
      title: '高级工程师',
      yearsOfPractice: 12 + i,
      employer: { name: `贵州省建筑设计研究院第${i + 1}所` },
      regionCode: '520102',
      specialties: [input.specialty],
    });
    if (applied.status !== 201) throw new Error(`expert application: ${applied.status} ${JSON.stringify(applied.body)}`);
    const expertId = (applied.body as { id: string }).id;
    await staff.post(`/api/experts/${expertId}/review`, { decision: 'approve' });
    accounts.push({ username, userId, expertId });
  }
  const created = await staff.post('/api/expert-draws', {
    reference: input.reference,
    tenderId: input.tenderId,
    sectionCode: input.sectionCode,
    evaluationDate: input.evaluationDate,
    slots: [{ specialty: input.specialty, count: input.count }],
    representatives: input.representatives,
    avoid: { bidders: [], tenderers: [], agencies: [], supervisingDepartments: [] },
  });
  if (created.status !== 201) throw new Error(`draw: ${created.status} ${JSON.stringify(created.body)}`);
  const draw = created.body as { id: string; slots: Array<{ slot: number }> };
  for (const s of draw.slots) await staff.post(`/api/expert-draws/${draw.id}/slots/${s.slot}/answer`, { answer: 'confirmed' });
  const unsealed = await staff.post(`/api/expert-draws/${draw.id}/unseal`);
  const slots = (unsealed.body as { slots: Array<{ expertId: string; onPanel: boolean }> }).slots.filter((s) => s.onPanel);
  const experts = slots.map((s) => {
    const account = accounts.find((a) => a.expertId === s.expertId);
    if (!account) throw new Error(`drawn expert ${s.expertId} is not one of the fixture's`);
    return { username: account.username, userId: account.userId };
  });
  return { drawId: draw.id, experts };
}
