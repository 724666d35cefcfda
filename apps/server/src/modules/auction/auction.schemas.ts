import Type from 'typebox';
import { CAP_TIE_BREAKS, LOT_STATUSES, PRICE_MODES, RESOURCE_TYPES, SALE_METHODS } from './domain/lot.js';
import { AMOUNT_PATTERN } from '@ggzy/contracts';

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Amount = Type.String({ pattern: AMOUNT_PATTERN, description: 'yuan, decimal string with at most two decimals' });
const Instant = Type.String({ format: 'date-time' });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const LotInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    location: Type.String({ minLength: 1, maxLength: 300 }),
    areaSqm: Type.Optional(Amount),
    landUse: Type.Optional(Type.String({ maxLength: 100 })),
    mode: Type.Optional(Type.Enum(PRICE_MODES)),
    startPrice: Amount,
    increment: Amount,
    deposit: Amount,
    priceCap: Type.Optional(Amount),
    capTieBreak: Type.Optional(Type.Enum(CAP_TIE_BREAKS, { description: 'L20 tie-break among offers at the cap' })),
    stepAligned: Type.Optional(Type.Boolean({ description: 'offers must be start + n × increment' })),
    descending: Type.Optional(
      Type.Object({ decrement: Amount, stepSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }), floorPrice: Amount }, { additionalProperties: false }),
    ),
    listingStart: Instant,
    listingEnd: Instant,
    countdownMinutes: Type.Optional(Type.Number({ minimum: 0.5, maximum: 60, description: 'L9 countdown; default 4 minutes' })),
    timedEntryMinBidders: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'L8; default 2' })),
  },
  { additionalProperties: false, title: 'AuctionLotInput' },
);

export const TradeBody = Type.Object(
  {
    title: Type.String({ minLength: 2, maxLength: 300 }),
    resourceType: Type.Enum(RESOURCE_TYPES),
    method: Type.Enum(SALE_METHODS),
    regionCode: Type.String({ pattern: '^\\d{6}$' }),
    sellerName: Type.String({ minLength: 2, maxLength: 200 }),
    notice: Type.String({ minLength: 1, maxLength: 20_000 }),
    lots: Type.Array(LotInputSchema, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false, title: 'AuctionTradeInput' },
);

export const TradeCreatedSchema = Type.Object({ id: Type.String(), tradeNo: Type.String(), lotIds: Type.Array(Type.String()) }, { title: 'AuctionTradeCreated' });

const ResultSchema = Type.Object(
  {
    outcome: Type.String({ description: 'deal | noDeal' }),
    reason: Nullable(Type.String()),
    price: Nullable(Type.String()),
    winnerNo: Nullable(Type.String()),
    winnerName: Nullable(Type.String()),
    reservePrice: Nullable(Type.String({ description: 'opened at the result; null when none was entered' })),
    at: Type.String(),
  },
  { title: 'AuctionResult' },
);

export const LotSchema = Type.Object(
  {
    id: Type.String(),
    tradeId: Type.String(),
    tradeNo: Type.String(),
    title: Type.String(),
    resourceType: Type.String(),
    method: Type.String(),
    regionCode: Type.String(),
    sellerName: Type.String(),
    notice: Type.String(),
    announcedAt: Instant,
    lotNo: Type.Integer(),
    name: Type.String(),
    location: Type.String(),
    areaSqm: Nullable(Type.String()),
    landUse: Nullable(Type.String()),
    mode: Type.String(),
    startPrice: Type.String(),
    increment: Type.String(),
    deposit: Type.String(),
    priceCap: Nullable(Type.String()),
    capTieBreak: Type.String(),
    listingStart: Instant,
    listingEnd: Instant,
    countdownSeconds: Type.Integer(),
    warningSeconds: Type.Array(Type.Integer()),
    status: Type.Enum(LOT_STATUSES),
    statusReason: Nullable(Type.String()),
    deadline: Nullable(Instant),
    timedStartedAt: Nullable(Instant),
    currentPrice: Nullable(Type.String()),
    leaderNo: Nullable(Type.String({ description: 'anonymous bidder number (竞买号) of the highest offer' })),
    bidCount: Type.Integer(),
    lastSeq: Type.Integer({ description: 'sequence number of the last event (SSE id)' }),
    dutchPrice: Nullable(Type.String()),
    result: Nullable(ResultSchema),
    dealConfirmationNo: Nullable(Type.String()),
    winConfirmed: Type.Boolean(),
    serverTime: Instant,
  },
  { title: 'AuctionLot' },
);

export const CalendarQuery = Type.Object({
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
  status: Type.Optional(Type.Enum(LOT_STATUSES)),
});
export const CalendarSchema = Type.Object({ items: Type.Array(LotSchema), serverTime: Instant }, { title: 'AuctionCalendar' });

export const RegistrationBody = Type.Object(
  {
    bidderName: Type.Optional(Type.String({ minLength: 2, maxLength: 200, description: 'the applicant’s name; default: the account’s display name' })),
    depositProof: Type.String({ minLength: 4, maxLength: 100, description: 'bank transfer reference of the deposit (recorded by the finance port)' }),
    partners: Type.Optional(
      Type.Array(Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), share: Type.String({ pattern: '^\\d{1,2}(\\.\\d{1,2})?$', description: 'percent' }) }, { additionalProperties: false }), {
        maxItems: 9,
      }),
    ),
  },
  { additionalProperties: false, title: 'AuctionRegistrationInput' },
);

export const RegistrationSchema = Type.Object(
  {
    id: Type.String(),
    lotId: Type.String(),
    bidderNo: Type.String({ description: '竞买号: how other bidders and the public see this bidder' }),
    bidderName: Type.String(),
    status: Type.String({ description: 'awaitingPartners | qualified' }),
    depositReceived: Type.Boolean(),
    leadShare: Type.String(),
    partners: Type.Array(Type.Object({ username: Type.String(), name: Type.String(), share: Type.String(), confirmed: Type.Boolean() })),
    listingOffers: Type.Integer(),
    entrant: Type.Boolean(),
  },
  { title: 'AuctionRegistration' },
);

export const MyLotSchema = Type.Object(
  { registered: Type.Boolean(), registration: Nullable(RegistrationSchema), leading: Type.Boolean(), winner: Type.Boolean() },
  { title: 'AuctionMyLot' },
);

export const MyRegistrationsSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        lotId: Type.String(),
        lotName: Type.String(),
        title: Type.String(),
        lotStatus: Type.String(),
        bidderNo: Nullable(Type.String()),
        status: Type.String(),
        role: Type.String(),
        listingEnd: Instant,
      }),
    ),
  },
  { title: 'AuctionMyRegistrations' },
);

export const BidBody = Type.Object({ amount: Amount }, { additionalProperties: false, title: 'AuctionBidInput' });
export const BidAcceptedSchema = Type.Object(
  {
    seq: Type.Integer(),
    lotId: Type.String(),
    amount: Type.String(),
    bidderNo: Type.String(),
    phase: Type.String(),
    committedAt: Instant,
    expiry: Nullable(Instant),
    status: Type.String(),
  },
  { title: 'AuctionBidAccepted' },
);

export const AmountBody = Type.Object({ amount: Amount }, { additionalProperties: false });
export const ReserveEnteredSchema = Type.Object({ reserveEntered: Type.Boolean(), enteredAt: Instant }, { title: 'AuctionReserveEntered' });
export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 1000 }) }, { additionalProperties: false });
export const ResumeBody = Type.Object({ resumeAt: Instant, notice: Type.String({ minLength: 2, maxLength: 2000 }) }, { additionalProperties: false });
export const MessageBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

export const MonitorSchema = Type.Object(
  {
    lot: LotSchema,
    reserveEntered: Type.Boolean(),
    reserveEnteredAt: Nullable(Instant),
    registrations: Type.Array(
      Type.Object({
        id: Type.String(),
        bidderNo: Type.String(),
        bidderName: Type.String(),
        status: Type.String(),
        depositReceived: Type.Boolean(),
        joint: Type.Boolean(),
        listingOffers: Type.Integer(),
        createdAt: Instant,
      }),
    ),
    bids: Type.Array(Type.Object({ seq: Type.Integer(), bidderNo: Type.String(), bidderName: Type.String(), amount: Type.String(), phase: Type.String(), committedAt: Instant })),
  },
  { title: 'AuctionMonitor' },
);

export const WinCertificateSchema = Type.Object(
  {
    certificateNo: Nullable(Type.String()),
    confirmedAt: Nullable(Instant),
    tradeNo: Type.String(),
    lotName: Type.String(),
    location: Type.String(),
    bidderNo: Type.String(),
    bidderName: Type.String(),
    price: Type.String(),
    decidedAt: Type.String(),
    dealConfirmationNo: Nullable(Type.String()),
  },
  { title: 'AuctionWinCertificate' },
);
