import Type from 'typebox';
import { requirePrincipal, requestContext as ctx } from '../../platform/http/access.js';
import { runCommand } from '../../platform/http/command.js';
import { localeOf } from '../../platform/http/locale.js';
import type { App, PlatformDeps } from '../../platform/module.js';
import {
  AlertListQuery,
  AlertSchema,
  AlertSummarySchema,
  CatalogueVersionBody,
  CatalogueVersionSchema,
  DepartmentClientBody,
  DepartmentClientSchema,
  DepartmentEventBody,
  EventAcceptedSchema,
  IdParams,
  ManualEventBody,
  MustEnterQuery,
  ProjectListQuery,
  ProjectRegistrationBody,
  ProjectSchema,
  ProjectSummarySchema,
  ReviewBody,
  TimelineSchema,
} from './project.schemas.js';
import type { ProjectService } from './project.service.js';

const registrants = { roles: ['tenderer', 'agency'] } as const;
const reviewers = { roles: ['centreStaff'] } as const;
const admins = { roles: ['admin'] } as const;
const readers = { roles: ['tenderer', 'agency', 'centreStaff', 'supervisor', 'admin'] } as const;
const watchers = { roles: ['supervisor', 'centreStaff', 'admin'] } as const;
const manualRecorders = { roles: ['tenderer', 'agency', 'centreStaff', 'admin'] } as const;

const MustEnterResult = Type.Object({
  mustEnter: Type.Boolean(),
  version: Type.Integer(),
  entryCode: Type.Union([Type.String(), Type.Null()]),
  entryNameZh: Type.Union([Type.String(), Type.Null()]),
  entryNameEn: Type.Union([Type.String(), Type.Null()]),
  basis: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
});

export function projectRoutes(service: ProjectService, deps: PlatformDeps) {
  return (app: App) => {
    // -----------------------------------------------------------------------------------------
    // Catalogue (交易项目目录)
    const catalogueTags = ['catalogue'];
    app.get(
      '/catalogue/versions',
      { config: { access: 'authenticated' }, schema: { tags: catalogueTags, summary: 'Every version of the must-trade catalogue, oldest first', response: { 200: Type.Object({ items: Type.Array(CatalogueVersionSchema) }) } } },
      async () => ({ items: await service.listCatalogue() }),
    );
    app.post(
      '/catalogue/versions',
      {
        config: { access: admins },
        schema: { tags: catalogueTags, summary: 'Publish a new catalogue version (effective date and reason required); earlier versions stay for older projects', body: CatalogueVersionBody, response: { 201: CatalogueVersionSchema } },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.addCatalogueVersion(tx, principal, request.body, ctx(request)));
      },
    );
    app.get(
      '/catalogue/decision',
      {
        config: { access: 'authenticated' },
        schema: { tags: catalogueTags, summary: 'Must this project trade on the platform, and by which entry of which version?', querystring: MustEnterQuery, response: { 200: MustEnterResult } },
      },
      async (request) => {
        const q = request.query;
        return service.decide({ category: q.category, contractKind: q.contractKind ?? null, fundingSource: q.fundingSource, estimatedAmount: q.estimatedAmount }, q.date);
      },
    );

    // -----------------------------------------------------------------------------------------
    // Project entry (入场登记) and review
    const tags = ['projects'];
    app.post(
      '/projects',
      {
        config: { access: registrants },
        schema: {
          tags,
          summary: 'Register a project for trading: the platform assigns its project, tender-project, section and deal codes at once',
          body: ProjectRegistrationBody,
          response: { 201: ProjectSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.register(tx, principal, request.body, ctx(request)));
      },
    );
    app.get(
      '/projects',
      {
        config: { access: readers },
        schema: { tags, summary: 'Projects: my own (tenderers, agencies) or all (staff, supervisors); status=pending is the review queue, oldest first', querystring: ProjectListQuery, response: { 200: Type.Object({ items: Type.Array(ProjectSummarySchema) }) } },
      },
      async (request) => ({ items: await service.listProjects(requirePrincipal(request), request.query) }),
    );
    app.get(
      '/projects/:id',
      { config: { access: readers }, schema: { tags, summary: 'One project with its codes', params: IdParams, response: { 200: ProjectSchema } } },
      async (request) => service.getProject(requirePrincipal(request), request.params.id),
    );
    app.put(
      '/projects/:id',
      {
        config: { access: registrants },
        schema: { tags, summary: 'Change a returned entry request and submit it again (it keeps its codes)', params: IdParams, body: ProjectRegistrationBody, response: { 200: ProjectSchema } },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.resubmit(tx, principal, request.params.id, request.body, ctx(request)));
      },
    );
    app.post(
      '/projects/:id/review',
      {
        config: { access: reviewers },
        schema: { tags, summary: 'Accept an entry request, or return it with reasons', params: IdParams, body: ReviewBody, response: { 200: ProjectSchema } },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.review(tx, principal, request.params.id, request.body, ctx(request)));
      },
    );

    // -----------------------------------------------------------------------------------------
    // Lifecycle (统一赋码 approval → … → 投转固) and alerts
    const lifecycleTags = ['lifecycle'];
    app.get(
      '/projects/:id/timeline',
      { config: { access: readers }, schema: { tags: lifecycleTags, summary: 'The project’s lifecycle timeline with its alerts', params: IdParams, response: { 200: TimelineSchema } } },
      async (request) => service.timeline(requirePrincipal(request), request.params.id, localeOf(request)),
    );
    app.post(
      '/projects/:id/lifecycle-events',
      {
        config: { access: manualRecorders },
        schema: {
          tags: lifecycleTags,
          summary: 'Enter a lifecycle stage by hand, with evidence files (keys from POST /api/files)',
          params: IdParams,
          body: ManualEventBody,
          response: { 201: EventAcceptedSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.recordManualEvent(tx, principal, request.params.id, request.body, ctx(request), localeOf(request)));
      },
    );
    app.post(
      '/lifecycle/events',
      {
        config: { access: { roles: ['supervisor'] } },
        schema: {
          tags: lifecycleTags,
          summary:
            'Department systems report a stage (approval, contract, performance, final accounts, completion acceptance, fund disbursement, transfer to fixed assets), keyed by codes. Authenticate with the API token (Bearer) of the department’s client account; send an Idempotency-Key',
          body: DepartmentEventBody,
          response: { 201: EventAcceptedSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.recordDepartmentEvent(tx, principal, request.body, ctx(request), localeOf(request)));
      },
    );
    app.get(
      '/lifecycle/alerts',
      { config: { access: watchers }, schema: { tags: lifecycleTags, summary: 'Open alerts (应进未进, 先建设后招标, stages out of order, unresolved codes), newest first', querystring: AlertListQuery, response: { 200: Type.Object({ items: Type.Array(AlertSchema) }) } } },
      async (request) => ({ items: await service.listAlerts(request.query, localeOf(request)) }),
    );
    app.get(
      '/lifecycle/alerts/summary',
      { config: { access: watchers }, schema: { tags: lifecycleTags, summary: 'Counts of open alerts by kind, prefecture and department', response: { 200: AlertSummarySchema } } },
      async () => service.alertSummary(),
    );

    // -----------------------------------------------------------------------------------------
    // Department API clients (admin)
    const clientTags = ['lifecycle'];
    app.get(
      '/lifecycle/department-clients',
      { config: { access: admins }, schema: { tags: clientTags, summary: 'Accounts that report lifecycle stages for a department', response: { 200: Type.Object({ items: Type.Array(DepartmentClientSchema) }) } } },
      async () => ({ items: await service.listDepartmentClients() }),
    );
    app.get(
      '/lifecycle/department-clients/mine',
      { config: { access: { roles: ['supervisor'] } }, schema: { tags: clientTags, summary: 'The department my account reports for, or null', response: { 200: Type.Union([DepartmentClientSchema, Type.Null()]) } } },
      async (request) => service.myDepartment(requirePrincipal(request)),
    );
    app.post(
      '/lifecycle/department-clients',
      {
        config: { access: admins },
        schema: {
          tags: clientTags,
          summary: 'Make an account (with the supervisor role) the API client of a department: its API tokens then report for that department',
          body: DepartmentClientBody,
          response: { 201: DepartmentClientSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.addDepartmentClient(tx, principal, request.body, ctx(request)));
      },
    );
    app.post(
      '/lifecycle/department-clients/:id/revoke',
      { config: { access: admins }, schema: { tags: clientTags, summary: 'Stop an account reporting for its department', params: IdParams, response: { 200: DepartmentClientSchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.revokeDepartmentClient(tx, principal, request.params.id, ctx(request)));
      },
    );
  };
}
