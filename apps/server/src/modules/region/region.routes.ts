import Type from 'typebox';
import type { App, PlatformDeps } from '../../platform/module.js';
import { platformError } from '../../platform/errors.js';
import './region.tables.js';

const RegionSchema = Type.Object(
  {
    code: Type.String({ pattern: '^\\d{6}$' }),
    name: Type.String(),
    level: Type.Union([Type.Literal('province'), Type.Literal('prefecture'), Type.Literal('county')]),
    parentCode: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'Region' },
);

type Level = 'province' | 'prefecture' | 'county';
const toRegion = (r: { code: string; name: string; level: string; parent_code: string | null }) => ({
  code: r.code,
  name: r.name,
  level: r.level as Level,
  parentCode: r.parent_code,
});

export function regionRoutes(app: App, deps: PlatformDeps) {
  const tags = ['region'];
  app.get(
    '/regions',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Administrative divisions (GB/T 2260): the children of `parent`, or the province when omitted',
        querystring: Type.Object({ parent: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) }),
        response: { 200: Type.Object({ items: Type.Array(RegionSchema) }) },
      },
    },
    async (request) => {
      const { parent } = request.query;
      const rows = await deps.db
        .selectFrom('region.region')
        .selectAll()
        .$if(parent !== undefined, (q) => q.where('parent_code', '=', parent ?? ''))
        .$if(parent === undefined, (q) => q.where('parent_code', 'is', null))
        .orderBy('code')
        .execute();
      return { items: rows.map(toRegion) };
    },
  );
  app.get(
    '/regions/:code',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One division',
        params: Type.Object({ code: Type.String({ pattern: '^\\d{6}$' }) }),
        response: { 200: RegionSchema },
      },
    },
    async (request) => {
      const row = await deps.db.selectFrom('region.region').selectAll().where('code', '=', request.params.code).executeTakeFirst();
      if (!row) throw platformError('NOT_FOUND');
      return toRegion(row);
    },
  );
}
