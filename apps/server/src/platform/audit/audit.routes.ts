import Type from 'typebox';
import type { App, PlatformDeps, PlatformModule } from '../module.js';
import { platformMigrations } from '../migrations/index.js';
import './audit.js';

const AuditEventSchema = Type.Object(
  {
    id: Type.String(),
    actorId: Type.Union([Type.String(), Type.Null()]),
    actorName: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    target: Type.Union([Type.String(), Type.Null()]),
    outcome: Type.String(),
    ip: Type.Union([Type.String(), Type.Null()]),
    at: Type.String({ format: 'date-time' }),
  },
  { title: 'AuditEvent' },
);

function auditRoutes(app: App, deps: PlatformDeps) {
  app.get(
    '/audit/events',
    {
      config: { access: { roles: ['admin', 'supervisor'] } },
      schema: {
        tags: ['audit'],
        summary: 'Audit trail, newest first (keyset pagination by id)',
        querystring: Type.Object({
          action: Type.Optional(Type.String({ maxLength: 100 })),
          before: Type.Optional(Type.String({ pattern: '^\\d+$', description: 'Return events with a smaller id' })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(AuditEventSchema) }) },
      },
    },
    async (request) => {
      const { action, before, limit } = request.query;
      const rows = await deps.db
        .selectFrom('platform.audit_event')
        .select(['id', 'actor_id', 'actor_name', 'action', 'target', 'outcome', 'ip', 'at'])
        .$if(action !== undefined, (q) => q.where('action', '=', action ?? ''))
        .$if(before !== undefined, (q) => q.where('id', '<', before ?? '0'))
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          actorId: r.actor_id,
          actorName: r.actor_name,
          action: r.action,
          target: r.target,
          outcome: r.outcome,
          ip: r.ip,
          at: r.at.toISOString(),
        })),
      };
    },
  );
}

/** The kernel's own tables and its audit-trail reading route, plugged in like any module. */
export const platformModule: PlatformModule = { name: 'platform', migrations: platformMigrations, routes: auditRoutes };
