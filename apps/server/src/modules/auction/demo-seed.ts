import type { PlatformDeps } from '../../platform/module.js';
import type { Principal } from '../../platform/http/access.js';
import { auctionRepository as repo } from './auction.repository.js';
import type { AuctionService } from './auction.service.js';

const DAY = 86_400_000;
const as = (user: { id: string; username: string }, role: 'centreStaff' | 'bidder'): Principal => ({ userId: user.id, username: user.username, roles: [role], credentialId: 'demo-seed', via: 'session' });

/**
 * The demo's live auction calendar: one Guizhou land parcel in its listing period (announced 25
 * days ago, listing until 6 days from now, one offer so far) and one trade announced today whose
 * listing starts in 21 days. Times are from the platform clock at first start.
 */
export async function seedAuctionDemo(deps: PlatformDeps, service: AuctionService): Promise<void> {
  const existing = await deps.db.selectFrom('auction.trade').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  const users = await repo.usersByName(deps.db, ['staff', 'bidder2', 'bidder3']);
  const staff = users.find((u) => u.username === 'staff');
  if (!staff) return;
  const now = deps.clock.now();
  const at = (days: number, hour: number) => {
    const d = new Date(now.getTime() + days * DAY);
    // 10:00 or 09:00 Beijing time on that day.
    const local = new Date(d.getTime() + 8 * 3_600_000);
    local.setUTCHours(hour, 0, 0, 0);
    return new Date(local.getTime() - 8 * 3_600_000).toISOString();
  };
  const ctx = { ip: null };

  const listing = await deps.db.transaction().execute((tx) =>
    service.createTrade(
      tx,
      as(staff, 'centreStaff'),
      {
        title: '贵阳市观山湖区 GY[2026]031 号地块国有建设用地使用权挂牌出让',
        resourceType: 'landUseRight',
        method: 'listing',
        regionCode: '520115',
        sellerName: '贵阳市自然资源和规划局',
        notice: '经贵阳市人民政府批准，贵阳市自然资源和规划局决定以网上挂牌方式出让 GY[2026]031 号地块国有建设用地使用权。竞买人须在挂牌截止前交纳竞买保证金并取得竞买资格。挂牌截止时有两个及以上竞买人报价的，进入限时竞价。',
        lots: [
          {
            name: 'GY[2026]031 号地块',
            location: '观山湖区金阳南路以东、林城西路以南',
            areaSqm: '45213.60',
            landUse: '城镇住宅用地',
            startPrice: '186000000',
            increment: '1000000',
            deposit: '37200000',
            listingStart: at(-5, 9),
            listingEnd: at(6, 10),
          },
        ],
      },
      ctx,
      new Date(now.getTime() - 25 * DAY),
    ),
  );
  const lotId = (listing.body as { lotIds: string[] }).lotIds[0];
  const bidder = users.find((u) => u.username === 'bidder2');
  if (lotId && bidder) {
    await deps.db.transaction().execute((tx) => service.register(tx, as(bidder, 'bidder'), lotId, { depositProof: 'GZB-2026-000318' }, ctx));
    await deps.db.transaction().execute((tx) => service.placeBid(tx, as(bidder, 'bidder'), lotId, '186000000', ctx));
  }

  await deps.db.transaction().execute((tx) =>
    service.createTrade(
      tx,
      as(staff, 'centreStaff'),
      {
        title: '遵义市汇川区 ZY-HC-2026-07 号地块国有建设用地使用权挂牌出让',
        resourceType: 'landUseRight',
        method: 'listing',
        regionCode: '520303',
        sellerName: '遵义市自然资源局',
        notice: '遵义市自然资源局以网上挂牌方式出让 ZY-HC-2026-07 号地块国有建设用地使用权，公告期 20 日，挂牌期 10 日。',
        lots: [
          {
            name: 'ZY-HC-2026-07 号地块',
            location: '汇川区大连路以北',
            areaSqm: '28760.00',
            landUse: '商服用地',
            startPrice: '64500000',
            increment: '500000',
            deposit: '12900000',
            listingStart: at(21, 9),
            listingEnd: at(32, 10),
          },
        ],
      },
      ctx,
    ),
  );
}
