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
  // Reference data that changes only with a migration: read once, answered from memory.
  let cached: Promise<Array<ReturnType<typeof toRegion>>> | undefined;
  const regions = () =>
    (cached ??= deps.db
      .selectFrom('region.region')
      .selectAll()
      .orderBy('code')
      .execute()
      .then((rows) => rows.map(toRegion))
      .catch((error: unknown) => {
        cached = undefined;
        throw error;
      }));
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
    async (request) => ({ items: (await regions()).filter((r) => r.parentCode === (request.query.parent ?? null)) }),
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
      const region = (await regions()).find((r) => r.code === request.params.code);
      if (!region) throw platformError('NOT_FOUND');
      return region;
    },
  );
}
