import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import { sm3Hex } from '../../platform/crypto/gm/index.js';
import type { Executor } from '../../platform/db/tables.js';
import type { Principal } from '../../platform/http/access.js';
import type { CommandResult } from '../../platform/idempotency/idempotency.js';
import type { KeyStore } from '../../platform/keys/key-store.js';
import { openSecret, sealSecret } from '../../platform/keys/seal.js';
import { findTenderSection } from '../tendering/index.js';
import { type AvoidanceReason, avoidanceExclusions, type ExpertFacts } from './domain/avoidance.js';
import { committeeProblems, type CommitteeMember } from './domain/committee.js';
import { candidateListHash, canonicalCandidates, type DrawCandidate, type DrawOutcome, drawPanel, type DrawRequest, seedCommitment, type SupplementaryRound, verifyDraw } from './domain/draw.js';
import { SPECIALTIES, SPECIALTY_CODES } from './domain/specialties.js';
import { evaluationError } from './evaluation.errors.js';
import { type DrawRow, evaluationRepository as repo, type ExpertRow } from './evaluation.repository.js';
import { invitationDto, recipientTag } from './invitation.js';
import type { OrgRefJson } from './evaluation.tables.js';

interface Ctx {
  ip: string | null;
}

export interface ExpertInput {
  name: string;
  title: string;
  yearsOfPractice: number;
  employer: OrgRefJson;
  regionCode: string;
  specialties: string[];
  relatedOrgs?: OrgRefJson[];
  departments?: string[];
  unavailableDates?: string[];
}

export interface DrawInput {
  reference: string;
  /** The tender section the panel serves: only that section's evaluation may seat it. */
  tenderId: string;
  sectionCode: string;
  evaluationDate: string;
  slots: Array<{ specialty: string; count: number }>;
  representatives: number;
  avoid: { bidders: OrgRefJson[]; tenderers: OrgRefJson[]; agencies: OrgRefJson[]; supervisingDepartments: string[] };
  minDaysBetweenDraws?: number;
}

type Answer = 'pending' | 'confirmed' | 'declined' | 'recused';

interface SlotView {
  slot: number;
  specialty: string;
  drawType: number;
  round: number;
  answer: Answer;
  onPanel: boolean;
}

/** What stays sealed until unsealing. */
interface SealedPanel {
  outcome: DrawOutcome;
  rounds: SupplementaryRound[];
  answers: Record<string, { answer: Answer; reason: string | null }>;
  avoided: Array<{ expertId: string; reasons: AvoidanceReason[] }>;
}

/** The panel key: 32 random bytes in the platform key store, sealed there by the KEK. */
const PANEL_KEY = 'evaluation.panel-seal';
export const DRAW_ALGORITHM = 'ggzy/expert-draw/v1: HMAC-SM3(seed, "ggzy/expert-draw/v1" ‖ u64be(counter)) stream, 32-bit words, rejection sampling; candidates sorted by id, slots by specialty code; supplementary rounds continue the stream';

/**
 * A panel is drawn for a published tender, before or after its opening (draws usually precede
 * it: GP G36 counts back from the evaluation day), never for a draft, one under review, a
 * suspended or cancelled tender, nor a section that failed (流标).
 */
const DRAWABLE_TENDER_STATUSES: ReadonlySet<string> = new Set(['published', 'opening', 'evaluating']);

async function requireDrawableSection(db: Executor, tenderId: string, sectionCode: string) {
  const found = await findTenderSection(db, tenderId, sectionCode);
  if (!found) throw evaluationError('DRAW_SECTION_NOT_FOUND', { tenderId, sectionCode });
  if (!DRAWABLE_TENDER_STATUSES.has(found.status) || found.sectionStatus === 'failed') throw evaluationError('DRAW_TENDER_STATE', { status: found.status, sectionStatus: found.sectionStatus });
}

const answerOf = (sealed: SealedPanel, expertId: string): Answer => sealed.answers[expertId]?.answer ?? 'pending';

function expertDto(row: ExpertRow) {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    title: row.title,
    yearsOfPractice: row.years_of_practice,
    employer: row.employer,
    regionCode: row.region_code,
    specialties: row.specialties,
    relatedOrgs: row.related_orgs,
    departments: row.departments,
    unavailableDates: row.unavailable_dates,
    status: row.status,
    reviewReason: row.review_reason,
    suspendedUntil: row.suspended_until,
    penalised: row.penalised,
    creditNotes: row.credit_notes,
    lastDrawnOn: row.last_drawn_on,
    createdAt: row.created_at.toISOString(),
  };
}

const facts = (row: ExpertRow): ExpertFacts => ({
  id: row.id,
  status: row.status,
  employer: row.employer,
  relatedOrgs: row.related_orgs,
  departments: row.departments,
  suspendedUntil: row.suspended_until,
  penalised: row.penalised,
  unavailableDates: row.unavailable_dates,
  lastDrawnOn: row.last_drawn_on,
});

function checkSpecialties(codes: readonly string[]) {
  for (const code of codes) if (!SPECIALTY_CODES.has(code)) throw evaluationError('SPECIALTY_UNKNOWN', { code });
}

async function expertOrThrow(db: Executor, id: string, forUpdate = false) {
  const row = await repo.findExpert(db, id, { forUpdate });
  if (!row) throw evaluationError('EXPERT_NOT_FOUND');
  return row;
}

async function drawOrThrow(db: Executor, id: string, forUpdate = false) {
  const row = await repo.findDraw(db, id, { forUpdate });
  if (!row) throw evaluationError('DRAW_NOT_FOUND');
  return row;
}

function slotsOf(sealed: SealedPanel): SlotView[] {
  const onPanel = new Set(sealed.outcome.panel.map((p) => p.expertId));
  return sealed.outcome.picks.map((p, i) => ({ slot: i + 1, specialty: p.specialty, drawType: p.drawType, round: p.round, answer: answerOf(sealed, p.expertId), onPanel: onPanel.has(p.expertId) }));
}

function drawDto(row: DrawRow) {
  const revealed = row.revealed_panel as { slots: Array<SlotView & { expertId: string; expertName: string }>; avoided: SealedPanel['avoided']; shortfall: DrawOutcome['shortfall'] } | null;
  const opaque = row.slots as { slots: SlotView[]; shortfall: DrawOutcome['shortfall'] };
  return {
    id: row.id,
    reference: row.reference,
    tenderId: row.tender_id,
    sectionCode: row.section_code,
    evaluationDate: row.evaluation_date,
    status: row.status,
    seedCommitment: row.seed_commitment,
    candidateHash: row.candidate_hash,
    candidateCount: (row.candidates as unknown[]).length,
    excludedCount: row.excluded.length,
    slots: revealed ? revealed.slots : opaque.slots,
    shortfall: revealed ? revealed.shortfall : opaque.shortfall,
    seed: row.revealed_seed,
    ...(revealed ? { avoided: revealed.avoided } : {}),
    createdAt: row.created_at.toISOString(),
    unsealedAt: row.unsealed_at?.toISOString() ?? null,
  };
}


export function createEvaluationService(deps: { db: Executor; clock: Clock; keys: KeyStore }) {
  const panelKey = async () => Buffer.from((await deps.keys.getOrCreate(PANEL_KEY, () => ({ algorithm: 'SM4+HMAC-SM3', publicKey: '-', privateKey: randomBytes(32).toString('hex') }))).privateKey, 'hex');
  const seal = async (value: unknown) => sealSecret(await panelKey(), Buffer.from(JSON.stringify(value), 'utf8'));
  const unsealJson = async <T>(text: string): Promise<T> => JSON.parse(openSecret(await panelKey(), text).toString('utf8')) as T;

  async function storeSealed(tx: Executor, id: string, sealed: SealedPanel) {
    await repo.updateDraw(tx, id, { sealed_panel: await seal(sealed), slots: JSON.stringify({ slots: slotsOf(sealed), shortfall: sealed.outcome.shortfall }) });
  }

  /** Notifies the experts of the picks from `firstSlot` on who have an account: one invitation per slot, recipient by keyed tag. */
  async function invite(tx: Executor, id: string, picks: ReadonlyArray<{ expertId: string }>, firstSlot: number) {
    const accounts = new Map((await repo.expertAccounts(tx, picks.map((p) => p.expertId))).map((e) => [e.id, e.user_id]));
    const key = await panelKey();
    const now = deps.clock.now();
    const rows = picks.flatMap((p, i) => {
      const userId = accounts.get(p.expertId);
      return userId ? [{ draw_id: id, slot: firstSlot + i, recipient_tag: recipientTag(key, userId), created_at: now }] : [];
    });
    await repo.insertInvitations(tx, rows);
  }

  /**
   * The one transition recording a drawn expert's answer, by slot, whoever relays it (staff by
   * slot, or the expert through their invitation). The audit entry names the slot, never the expert.
   */
  async function recordSlotAnswer(tx: Executor, actor: { actorId: string | null; actorName: string | null; ip: string | null; channel: 'staff' | 'invitation' }, id: string, slot: number, input: { answer: Answer; reason?: string }) {
    const row = await drawOrThrow(tx, id, true);
    if (row.status !== 'sealed' || !row.sealed_panel) throw evaluationError('DRAW_STATE', { status: row.status });
    const sealed = await unsealJson<SealedPanel>(row.sealed_panel);
    const pick = sealed.outcome.picks[slot - 1];
    if (!pick) throw evaluationError('SLOT_NOT_FOUND', { slot });
    const current = answerOf(sealed, pick.expertId);
    // A confirmed expert may still be recused (conflict found later); other answers are final.
    if (current !== 'pending' && !(current === 'confirmed' && input.answer === 'recused')) throw evaluationError('SLOT_ANSWERED', { slot, answer: current });
    sealed.answers[pick.expertId] = { answer: input.answer, reason: input.reason?.trim() || null };
    await storeSealed(tx, id, sealed);
    const updated = await drawOrThrow(tx, id);
    const detail = actor.channel === 'staff' ? { slot, answer: input.answer } : { slot, answer: input.answer, channel: actor.channel };
    await recordAudit(tx, { actorId: actor.actorId, actorName: actor.actorName, action: 'evaluation.draw.answer', target: `draw:${id}`, outcome: 'success', ip: actor.ip, detail, at: deps.clock.now() });
    return updated;
  }

  return {
    /**
     * Loads (or creates) the panel key outside any transaction. The key store reads through the
     * pool, which on PGlite is the one connection a running transaction holds: call this before
     * commands (the module does at start).
     */
    preparePanelKey: async () => {
      await panelKey();
    },

    specialties: () => SPECIALTIES,

    // --- registry ------------------------------------------------------------------------------

    async listExperts(status?: ExpertRow['status']) {
      return (await repo.listExperts(deps.db, status)).map(expertDto);
    },

    async getExpert(id: string) {
      return expertDto(await expertOrThrow(deps.db, id));
    },

    /** Staff register an expert, or an expert account registers itself (linked to the account); staff then approve. */
    async registerExpert(tx: Executor, principal: Principal, input: ExpertInput, ctx: Ctx): Promise<CommandResult> {
      checkSpecialties(input.specialties);
      const self = !principal.roles.includes('centreStaff');
      if (self && (await repo.findExpertByUser(tx, principal.userId))) throw evaluationError('EXPERT_ALREADY_REGISTERED');
      const now = deps.clock.now();
      const id = await repo.insertExpert(tx, {
        user_id: self ? principal.userId : null,
        name: input.name,
        title: input.title,
        years_of_practice: input.yearsOfPractice,
        employer: JSON.stringify(input.employer),
        region_code: input.regionCode,
        specialties: JSON.stringify([...new Set(input.specialties)].toSorted()),
        related_orgs: JSON.stringify(input.relatedOrgs ?? []),
        departments: JSON.stringify(input.departments ?? []),
        unavailable_dates: JSON.stringify([...new Set(input.unavailableDates ?? [])].toSorted()),
        status: 'pending',
        review_reason: null,
        suspended_until: null,
        penalised: false,
        credit_notes: '[]',
        last_drawn_on: null,
        registered_by: principal.userId,
        reviewed_by: null,
        created_at: now,
        updated_at: now,
      });
      const row = await expertOrThrow(tx, id);
      await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'evaluation.expert.register', target: `expert:${id}`, outcome: 'success', ip: ctx.ip, detail: { specialties: row.specialties, self }, at: now });
      return { statusCode: 201, body: expertDto(row) };
    },

    async reviewExpert(tx: Executor, principal: Principal, id: string, input: { decision: 'approve' | 'reject'; reason?: string }, ctx: Ctx): Promise<CommandResult> {
      const row = await expertOrThrow(tx, id, true);
      if (row.status !== 'pending') throw evaluationError('EXPERT_ALREADY_REVIEWED', { status: row.status });
      const reason = input.reason?.trim() || null;
      if (input.decision === 'reject' && !reason) throw evaluationError('REVIEW_REASON_REQUIRED');
      const now = deps.clock.now();
      const status = input.decision === 'approve' ? 'approved' : 'rejected';
      await repo.updateExpert(tx, id, { status, review_reason: reason, reviewed_by: principal.userId, updated_at: now });
      const updated = await expertOrThrow(tx, id);
      await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'evaluation.expert.review', target: `expert:${id}`, outcome: 'success', ip: ctx.ip, detail: { status, reason }, at: now });
      return { statusCode: 200, body: expertDto(updated) };
    },

    /** Suspension and penalties (credit record): both exclude the expert from draws. */
    async restrictExpert(tx: Executor, principal: Principal, id: string, input: { suspendedUntil: string | null; penalised: boolean; note: string }, ctx: Ctx): Promise<CommandResult> {
      const row = await expertOrThrow(tx, id, true);
      const now = deps.clock.now();
      const notes = [...row.credit_notes, { at: now.toISOString(), note: input.note, by: principal.username }];
      await repo.updateExpert(tx, id, { suspended_until: input.suspendedUntil, penalised: input.penalised, credit_notes: JSON.stringify(notes), updated_at: now });
      const updated = await expertOrThrow(tx, id);
      await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'evaluation.expert.restrict', target: `expert:${id}`, outcome: 'success', ip: ctx.ip, detail: { suspendedUntil: input.suspendedUntil, penalised: input.penalised, note: input.note }, at: now });
      return { statusCode: 200, body: expertDto(updated) };
    },

    // --- draw ----------------------------------------------------------------------------------

    /**
     * Step 1 of a draw, in its own transaction: fixes the candidate list and the exclusions,
     * generates the seed and commits SM3(seed) and the candidate-list hash to the transparency
     * log. The seed itself is stored sealed. Returns the draw id; `runDraw` draws.
     */
    async commitDraw(principal: Principal, input: DrawInput, ctx: Ctx): Promise<string> {
      await panelKey();
      const slots = input.slots;
      checkSpecialties(slots.map((s) => s.specialty));
      const expertCount = slots.reduce((n, s) => n + s.count, 0);
      const members: CommitteeMember[] = [
        ...Array.from({ length: expertCount }, (_, i) => ({ id: `expert-${i}`, kind: 'expert' as const })),
        ...Array.from({ length: input.representatives }, (_, i) => ({ id: `representative-${i}`, kind: 'tendererRepresentative' as const })),
      ];
      const problems = committeeProblems(members);
      if (problems.length > 0) throw evaluationError('COMMITTEE_INVALID', { article: problems[0]?.article ?? '', summary: problems.map((p) => p.message).join('; ') }, { problems });
      return deps.db.transaction().execute(async (tx) => {
        await requireDrawableSection(tx, input.tenderId, input.sectionCode);
        const wanted = new Set(slots.map((s) => s.specialty));
        const experts = (await repo.listExperts(tx)).filter((e) => e.specialties.some((s) => wanted.has(s)));
        const exclusions = avoidanceExclusions(experts.map(facts), { evaluationDate: input.evaluationDate, ...input.avoid, minDaysBetweenDraws: input.minDaysBetweenDraws ?? 0 });
        const candidates: DrawCandidate[] = canonicalCandidates(experts.map((e) => ({ id: e.id, specialties: e.specialties })));
        const excluded = [...exclusions.keys()].toSorted();
        const seed = randomBytes(32);
        const commitment = seedCommitment(seed);
        const hash = candidateListHash(candidates, excluded);
        const request: DrawRequest = { slots };
        const now = deps.clock.now();
        const id = await repo.insertDraw(tx, {
          reference: input.reference,
          tender_id: input.tenderId,
          section_code: input.sectionCode,
          evaluation_date: input.evaluationDate,
          request: JSON.stringify(request),
          avoidance: JSON.stringify({ ...input.avoid, minDaysBetweenDraws: input.minDaysBetweenDraws ?? 0, reasons: Object.fromEntries(exclusions) }),
          representatives: input.representatives,
          status: 'committed',
          seed_commitment: commitment,
          candidate_hash: hash,
          candidates: JSON.stringify(candidates),
          excluded: JSON.stringify(excluded),
          sealed_seed: await seal({ seed: seed.toString('hex') }),
          sealed_panel: null,
          slots: JSON.stringify({ slots: [], shortfall: [] }),
          revealed_seed: null,
          revealed_panel: null,
          created_by: principal.userId,
          created_at: now,
          unsealed_at: null,
        });
        await recordAudit(tx, {
          actorId: principal.userId,
          actorName: principal.username,
          action: 'evaluation.draw.commit',
          target: `draw:${id}`,
          outcome: 'success',
          ip: ctx.ip,
          detail: { tenderId: input.tenderId, sectionCode: input.sectionCode, seedCommitment: commitment, candidateHash: hash, candidates: candidates.length, excluded: excluded.length, request, evaluationDate: input.evaluationDate, algorithm: DRAW_ALGORITHM },
          at: now,
        });
        return id;
      });
    },

    /** Step 2: draws from the committed seed and stores the panel sealed. */
    async runDraw(tx: Executor, principal: Principal, id: string, ctx: Ctx): Promise<CommandResult> {
      const row = await drawOrThrow(tx, id, true);
      if (row.status !== 'committed') throw evaluationError('DRAW_STATE', { status: row.status });
      const { seed } = await unsealJson<{ seed: string }>(row.sealed_seed);
      const outcome = drawPanel(Buffer.from(seed, 'hex'), row.candidates as DrawCandidate[], row.request as DrawRequest, row.excluded);
      const reasons = (row.avoidance as { reasons: Record<string, AvoidanceReason[]> }).reasons;
      const sealed: SealedPanel = { outcome, rounds: [], answers: {}, avoided: Object.entries(reasons).map(([expertId, r]) => ({ expertId, reasons: r })) };
      await storeSealed(tx, id, sealed);
      await repo.updateDraw(tx, id, { status: 'sealed' });
      await repo.markDrawn(tx, outcome.panel.map((p) => p.expertId), row.evaluation_date);
      await invite(tx, id, outcome.picks, 1);
      const updated = await drawOrThrow(tx, id);
      await recordAudit(tx, {
        actorId: principal.userId,
        actorName: principal.username,
        action: 'evaluation.draw.run',
        target: `draw:${id}`,
        outcome: 'success',
        ip: ctx.ip,
        detail: { panelSize: outcome.panel.length, shortfall: outcome.shortfall, sealedPanelSm3: sm3Hex(Buffer.from(updated.sealed_panel ?? '', 'utf8')) },
        at: deps.clock.now(),
      });
      return { statusCode: 201, body: drawDto(updated) };
    },

    /** Records a drawn expert's answer to the notification (by slot: identities stay sealed). */
    async answer(tx: Executor, principal: Principal, id: string, slot: number, input: { answer: 'confirmed' | 'declined' | 'recused'; reason?: string }, ctx: Ctx): Promise<CommandResult> {
      const updated = await recordSlotAnswer(tx, { actorId: principal.userId, actorName: principal.username, ip: ctx.ip, channel: 'staff' }, id, slot, input);
      return { statusCode: 200, body: drawDto(updated) };
    },

    /** The signed-in expert's invitations (only theirs: looked up by their keyed tag). */
    async myInvitations(principal: Principal) {
      const tag = recipientTag(await panelKey(), principal.userId);
      return (await repo.listInvitations(deps.db, tag)).map(invitationDto);
    },

    /**
     * The invited expert answers for their own slot, through the same transition as staff. The
     * audit entry carries no actor or address (the system relays the answer): the public log must
     * not tie the expert's account to the sealed draw before unsealing.
     */
    async answerInvitation(tx: Executor, principal: Principal, invitationId: string, input: { answer: 'confirmed' | 'declined'; reason?: string }): Promise<CommandResult> {
      const tag = recipientTag(await panelKey(), principal.userId);
      const invitation = await repo.findInvitation(tx, invitationId);
      // Someone else's invitation is answered like a missing one: its existence is not disclosed.
      if (!invitation || invitation.recipient_tag !== tag) throw evaluationError('INVITATION_NOT_FOUND');
      if (input.answer === 'declined' && !input.reason?.trim()) throw evaluationError('REASON_REQUIRED');
      const draw = await recordSlotAnswer(tx, { actorId: null, actorName: 'system', ip: null, channel: 'invitation' }, invitation.draw_id, invitation.slot, input);
      return { statusCode: 200, body: invitationDto({ ...invitation, reference: draw.reference, evaluation_date: draw.evaluation_date, status: draw.status, slots: draw.slots }) };
    },

    /** 补抽: replaces every declined or recused expert on the panel, continuing the same random stream. */
    async supplementaryDraw(tx: Executor, principal: Principal, id: string, ctx: Ctx): Promise<CommandResult> {
      const row = await drawOrThrow(tx, id, true);
      if (row.status !== 'sealed' || !row.sealed_panel) throw evaluationError('DRAW_STATE', { status: row.status });
      const sealed = await unsealJson<SealedPanel>(row.sealed_panel);
      const released = sealed.outcome.panel.filter((p) => ['declined', 'recused'].includes(answerOf(sealed, p.expertId))).map((p) => p.expertId);
      if (released.length === 0) throw evaluationError('NOTHING_TO_REPLACE');
      const { seed } = await unsealJson<{ seed: string }>(row.sealed_seed);
      const rounds = [...sealed.rounds, { released }];
      const outcome = drawPanel(Buffer.from(seed, 'hex'), row.candidates as DrawCandidate[], row.request as DrawRequest, row.excluded, rounds);
      const fresh = outcome.picks.slice(sealed.outcome.picks.length);
      const next: SealedPanel = { ...sealed, outcome, rounds };
      await storeSealed(tx, id, next);
      await repo.markDrawn(tx, fresh.map((p) => p.expertId), row.evaluation_date);
      await invite(tx, id, fresh, sealed.outcome.picks.length + 1);
      const updated = await drawOrThrow(tx, id);
      await recordAudit(tx, {
        actorId: principal.userId,
        actorName: principal.username,
        action: 'evaluation.draw.supplementary',
        target: `draw:${id}`,
        outcome: 'success',
        ip: ctx.ip,
        detail: { round: rounds.length, released: released.length, drawn: fresh.length, shortfall: outcome.shortfall, sealedPanelSm3: sm3Hex(Buffer.from(updated.sealed_panel ?? '', 'utf8')) },
        at: deps.clock.now(),
      });
      return { statusCode: 201, body: drawDto(updated) };
    },

    /** When evaluation starts: reveals the panel to the authorised roles and the seed to everyone. */
    async unseal(tx: Executor, principal: Principal, id: string, ctx: Ctx): Promise<CommandResult> {
      const row = await drawOrThrow(tx, id, true);
      if (row.status !== 'sealed' || !row.sealed_panel) throw evaluationError('DRAW_STATE', { status: row.status });
      const sealed = await unsealJson<SealedPanel>(row.sealed_panel);
      const { seed } = await unsealJson<{ seed: string }>(row.sealed_seed);
      const names = new Map((await repo.listExperts(tx)).map((e) => [e.id, e.name]));
      const slots = slotsOf(sealed).map((s, i) => {
        const expertId = sealed.outcome.picks[i]?.expertId ?? '';
        return { ...s, expertId, expertName: names.get(expertId) ?? '' };
      });
      const now = deps.clock.now();
      await repo.updateDraw(tx, id, {
        status: 'unsealed',
        revealed_seed: seed,
        revealed_panel: JSON.stringify({ slots, avoided: sealed.avoided, shortfall: sealed.outcome.shortfall, rounds: sealed.rounds }),
        unsealed_at: now,
      });
      const updated = await drawOrThrow(tx, id);
      await recordAudit(tx, {
        actorId: principal.userId,
        actorName: principal.username,
        action: 'evaluation.draw.unseal',
        target: `draw:${id}`,
        outcome: 'success',
        ip: ctx.ip,
        detail: { seed, seedCommitment: row.seed_commitment, rounds: sealed.rounds, panel: sealed.outcome.panel.map((p) => p.expertId) },
        at: now,
      });
      return { statusCode: 200, body: drawDto(updated) };
    },

    async listDraws() {
      return (await repo.listDraws(deps.db)).map(drawDto);
    },

    async getDraw(id: string) {
      return drawDto(await drawOrThrow(deps.db, id));
    },

    /** Public: the revealed inputs of a draw and the panel re-computed from them. */
    async verification(id: string) {
      const row = await drawOrThrow(deps.db, id);
      if (row.status !== 'unsealed' || !row.revealed_seed) throw evaluationError('DRAW_NOT_REVEALED');
      const revealed = row.revealed_panel as { slots: Array<{ expertId: string; onPanel: boolean }>; rounds: SupplementaryRound[] };
      const record = {
        seedHex: row.revealed_seed,
        seedCommitment: row.seed_commitment,
        candidateHash: row.candidate_hash,
        candidates: row.candidates as DrawCandidate[],
        excluded: row.excluded,
        request: row.request as DrawRequest,
        rounds: revealed.rounds,
      };
      const result = verifyDraw(record);
      const recorded = revealed.slots.filter((s) => s.onPanel).map((s) => s.expertId);
      return {
        drawId: row.id,
        algorithm: DRAW_ALGORITHM,
        seed: record.seedHex,
        seedCommitment: record.seedCommitment,
        candidateHash: record.candidateHash,
        candidates: record.candidates.map((c) => ({ id: c.id, specialties: [...c.specialties] })),
        excluded: [...record.excluded],
        request: record.request as { slots: Array<{ specialty: string; count: number }> },
        rounds: record.rounds.map((r) => ({ released: [...r.released] })),
        commitmentMatches: result.commitmentMatches,
        candidateHashMatches: result.candidateHashMatches,
        panel: result.outcome.panel,
        panelMatchesRecord: JSON.stringify(result.outcome.panel.map((p) => p.expertId)) === JSON.stringify(recorded),
      };
    },
  };
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
