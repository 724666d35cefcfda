import { TRADE_CATEGORIES } from '@ggzy/contracts';
import Type from 'typebox';
import type { App, PlatformDeps } from '../../platform/module.js';
import './portal.tables.js';
import '../region/region.tables.js';

const Category = Type.Enum(TRADE_CATEGORIES, { title: 'TradeCategory' });

const AnnouncementSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    title: Type.String(),
    category: Category,
    regionCode: Type.String(),
    regionName: Type.Union([Type.String(), Type.Null()]),
    publishedAt: Type.String({ format: 'date-time' }),
    url: Type.String(),
  },
  { title: 'Announcement' },
);

export function portalRoutes(app: App, deps: PlatformDeps) {
  app.get(
    '/portal/announcements',
    {
      config: { access: 'public' },
      schema: {
        tags: ['portal'],
        summary: 'Latest published announcements in the trading hall, by category and region',
        querystring: Type.Object({
          category: Type.Optional(Category),
          regionCode: Type.Optional(
            Type.String({ pattern: '^\\d{6}$', description: 'A prefecture or county; a prefecture includes its counties' }),
          ),
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(AnnouncementSchema), total: Type.Integer() }) },
      },
    },
    async (request) => {
      const { category, regionCode, limit } = request.query;
      // A prefecture code (xxxx00) matches its counties by prefix; a county matches itself.
      const regionPrefix = regionCode?.endsWith('0000')
        ? regionCode.slice(0, 2)
        : regionCode?.endsWith('00')
          ? regionCode.slice(0, 4)
          : regionCode;
      const filtered = deps.db
        .selectFrom('portal.announcement as a')
        .$if(category !== undefined, (q) => q.where('a.category', '=', category ?? ''))
        .$if(regionPrefix !== undefined, (q) => q.where('a.region_code', 'like', `${regionPrefix ?? ''}%`));
      // Two statements: the page (index scan + limit, then the join) and a count without the join.
      // A window count in one statement would join and materialise every matching row first.
      const [rows, count] = await Promise.all([
        filtered
          .leftJoin('region.region as r', 'r.code', 'a.region_code')
          .select(['a.id', 'a.title', 'a.category', 'a.region_code', 'a.published_at', 'a.url', 'r.name as region_name'])
          .orderBy('a.published_at', 'desc')
          .limit(limit)
          .execute(),
        filtered.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((r) => ({
          id: r.id,
          title: r.title,
          category: toTradeCategory(r.category),
          regionCode: r.region_code,
          regionName: r.region_name,
          publishedAt: r.published_at.toISOString(),
          url: r.url,
        })),
        total: Number(count.total),
      };
    },
  );
}

function toTradeCategory(value: string) {
  const category = TRADE_CATEGORIES.find((c) => c === value);
  if (!category) throw new Error(`Unknown trade category in portal.announcement: ${value}`);
  return category;
}
