import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { getFabricSummary } from '../db/fabric-store';
import { getRule } from '../db/istio-store';
import { getMigration, listMigrations, storeExportedSessions, type MigrationRecord } from '../db/migration-store';
import { wakeMigration } from '../jobs/migrate/wake';
import type { AppEnv } from './app-env';
import { requireRole } from './auth';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import { problem } from './problem';

/** Most sessions one export may carry (tc_session_table holds 65,536 entries). */
export const MAX_EXPORTED_SESSIONS = 131_072;

const FabricParam = z.object({ fabric: z.string().min(1).max(253).openapi({ param: { name: 'fabric', in: 'path' }, example: 'testbed' }) });
const MigrationJson = z.record(z.string(), z.unknown()).openapi('Migration');
const Ipv4 = z.string().regex(/^(\d{1,3})(\.\d{1,3}){3}$/, 'a dotted-quad IPv4 address');
const Port = z.number().int().min(0).max(65535);
const SessionSchema = z.strictObject({
  vni: z.number().int().min(0).max(0xffffff), srcIp: Ipv4, dstIp: Ipv4, protocol: z.number().int().min(0).max(255),
  srcPort: Port, dstPort: Port, backendIp: Ipv4,
});

const listRoute = createRoute({
  method: 'get', path: '/v1/fabrics/{fabric}/migrations', tags: ['migrations'],
  summary: 'Online-scheduler migrations, newest first: trigger (eq. 4), moves, E_mig, E_reroute, I, timings, state',
  security: BEARER, middleware: [requireRole('viewer', 'ci')] as const,
  request: {
    params: FabricParam,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).optional().openapi({ description: 'at most (default 100)' }) }),
  },
  responses: {
    200: { description: 'migrations', content: { 'application/json': { schema: z.object({ fabric: z.string(), migrations: z.array(MigrationJson) }) } } },
    404: problemResponse('no such fabric'), ...AUTH_PROBLEMS,
  },
});

const getRoute = createRoute({
  method: 'get', path: '/v1/fabrics/{fabric}/migrations/{id}', tags: ['migrations'], summary: 'One migration',
  security: BEARER, middleware: [requireRole('viewer', 'ci')] as const,
  request: { params: FabricParam.extend({ id: z.string().min(1).max(200) }) },
  responses: { 200: { description: 'the migration', content: { 'application/json': { schema: MigrationJson } } }, 404: problemResponse('no such migration'), ...AUTH_PROBLEMS },
});

const exportRoute = createRoute({
  method: 'post', path: '/v1/agents/{switch}/migrations/{id}/sessions', tags: ['agents', 'migrations'],
  summary: 'The old owner\'s agent hands over the live sessions of a moving rule (make-before-break step 1)',
  security: BEARER, middleware: [requireRole('agent')] as const,
  request: {
    params: z.object({ switch: z.string().min(1).max(253), id: z.string().min(1).max(200) }),
    body: { required: true, content: { 'application/json': { schema: z.strictObject({ ruleId: z.string().min(1).max(1000), sessions: z.array(SessionSchema).max(MAX_EXPORTED_SESSIONS) }) } } },
  },
  responses: {
    204: { description: 'stored' }, 400: problemResponse('invalid sessions'), 404: problemResponse('no such migration or move'),
    409: problemResponse('the migration no longer takes sessions'), ...AUTH_PROBLEMS,
  },
});

/**
 * The API view of a migration.
 *
 * @example
 * c.json(migrationJson(rec));
 */
export function migrationJson(m: MigrationRecord): Record<string, unknown> {
  const d = m.decision;
  return {
    id: m.id, fabric: m.fabric, switch: m.switchName, status: m.status, step: m.step, note: m.note,
    trigger: m.trigger,
    moves: d?.kind === 'decision' ? d.moves : [],
    eMigUs: m.eMigUs, eRerouteUs: m.eRerouteUs, objective: m.objective,
    decision: d && d.kind === 'decision'
      ? { wUUs: d.wUUs, wSUs: d.wSUs, aboveEstimate: d.aboveEstimate, candidates: d.candidates, skipped: d.skipped, after: d.after, resolved: d.resolved }
      : d,
    basePlanVersion: m.basePlanVersion, plans: m.plans,
    timings: { createdAt: m.createdAt, updatedAt: m.updatedAt, ...m.timings },
  };
}

/**
 * `GET /v1/fabrics/{fabric}/migrations[/{id}]` and the agents' session hand-over.
 *
 * @example
 * registerMigrationRoutes(app);
 */
export function registerMigrationRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async function listFabricMigrations(c) {
    const { fabric } = c.req.valid('param');
    const { db } = c.get('deps');
    if (!(await getFabricSummary(db, fabric))) return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` });
    const list = await listMigrations(db, fabric, { limit: c.req.valid('query').limit ?? 100 });
    return c.json({ fabric, migrations: list.map(migrationJson) }, 200);
  });

  app.openapi(getRoute, async function getFabricMigration(c) {
    const { fabric, id } = c.req.valid('param');
    const m = await getMigration(c.get('deps').db, id, fabric);
    if (!m) return problem(c, 404, { title: 'Migration not found', detail: `fabric ${fabric} has no migration ${id}` });
    return c.json(migrationJson(m), 200);
  });

  app.openapi(exportRoute, async function exportSessions(c) {
    const { switch: sw, id } = c.req.valid('param');
    const { ruleId, sessions } = c.req.valid('json');
    const principal = c.get('principal');
    const { db } = c.get('deps');
    const m = await getMigration(db, id, principal.role === 'agent' ? principal.fabric : undefined);
    if (!m) return problem(c, 404, { title: 'Migration not found', detail: `no migration ${id}` });
    if (m.status !== 'running' || m.step !== 'prepare') {
      return problem(c, 409, { title: 'Not taking sessions', detail: `migration ${id} is ${m.status}${m.step ? ` at step ${m.step}` : ''}; sessions are taken during prepare` });
    }
    const move = m.decision?.kind === 'decision' ? m.decision.moves.find((x) => x.ruleId === ruleId) : undefined;
    if (!move || move.from !== sw) {
      return problem(c, 404, { title: 'Move not found', detail: `migration ${id} does not move rule ${ruleId} away from ${sw}` });
    }
    const rule = await getRule(db, m.fabric, ruleId);
    const foreign = sessions.findIndex((s) => s.vni !== (rule?.vni ?? sessions[0].vni));
    if (foreign >= 0) {
      return problem(c, 400, { title: 'Invalid sessions', detail: 'every session must carry the rule\'s VNI', invalidParams: [{ name: `sessions[${foreign}].vni`, reason: `must be the VNI of rule ${ruleId} (${rule?.vni ?? sessions[0].vni})` }] });
    }
    await storeExportedSessions(db, id, ruleId, sessions);
    // The prepare step may be complete now: look at once rather than at the job's next timed look.
    await wakeMigration(c.get('deps').queue, m.fabric, id).catch((err) => console.error('could not wake migration', id, err));
    return c.body(null, 204);
  });
}
