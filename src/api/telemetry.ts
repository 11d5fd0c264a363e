import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { getRule } from '../db/istio-store';
import { getRuleRollups, getSwitchTelemetry, listSwitchStatuses, RAW_RETENTION_MS } from '../db/telemetry-store';
import type { AppEnv } from './app-env';
import { currentDesiredState } from './agents-state-cache';
import { requireRole } from './auth';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import { problem } from './problem';

/** A switch whose last report is older than this counts as silent in the rollout view. */
export const SILENT_AFTER_MS = 10_000;

const FabricParam = z.object({ fabric: z.string().min(1).max(253).openapi({ param: { name: 'fabric', in: 'path' }, example: 'testbed' }) });
const SinceQuery = z.object({
  sinceMs: z.coerce.number().int().min(1).max(24 * 3_600_000).optional()
    .openapi({ description: 'how far back, ms (default 60,000; raw samples are kept 10 minutes, minute roll-ups 24 hours)' }),
  limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: 'raw samples at most (default 60)' }),
});

const JsonObject = z.record(z.string(), z.unknown());

const switchTelemetryRoute = createRoute({
  method: 'get',
  path: '/v1/fabrics/{fabric}/telemetry/switches/{switch}',
  tags: ['telemetry'],
  summary: 'A switch\'s latest report, recent raw samples and minute roll-ups',
  security: BEARER,
  middleware: [requireRole('viewer', 'ci')] as const,
  request: { params: FabricParam.extend({ switch: z.string().min(1).max(253) }), query: SinceQuery },
  responses: {
    200: { description: 'telemetry', content: { 'application/json': { schema: JsonObject } } },
    404: problemResponse('no such fabric or switch'),
    ...AUTH_PROBLEMS,
  },
});

const ruleTelemetryRoute = createRoute({
  method: 'get',
  path: '/v1/fabrics/{fabric}/telemetry/rules/{id}',
  tags: ['telemetry'],
  summary: 'A rule\'s observed sessions x_r^ob and traffic y_r^ob per switch (latest) and per minute (roll-ups); encode the / of rule ids as %2F',
  security: BEARER,
  middleware: [requireRole('viewer', 'ci')] as const,
  request: { params: FabricParam.extend({ id: z.string().min(1).max(1000) }), query: SinceQuery },
  responses: {
    200: { description: 'telemetry', content: { 'application/json': { schema: JsonObject } } },
    404: problemResponse('no such fabric or rule'),
    ...AUTH_PROBLEMS,
  },
});

const rolloutRoute = createRoute({
  method: 'get',
  path: '/v1/fabrics/{fabric}/rollout',
  tags: ['telemetry'],
  summary: 'Which switches have applied the current plan (applied / total), from the agents\' reports',
  security: BEARER,
  middleware: [requireRole('viewer', 'ci')] as const,
  request: { params: FabricParam },
  responses: {
    200: {
      description: 'rollout',
      content: {
        'application/json': {
          schema: z.object({
            fabric: z.string(),
            planId: z.string().nullable(),
            planVersion: z.number().int(),
            applied: z.number().int(),
            total: z.number().int(),
            switches: z.array(z.object({
              switch: z.string(),
              appliedPlanVersion: z.number().int().nullable(),
              lastReportAt: z.number().int().nullable(),
              applied: z.boolean(),
              silent: z.boolean(),
            })),
          }).openapi('Rollout'),
        },
      },
    },
    404: problemResponse('no such fabric'),
    ...AUTH_PROBLEMS,
  },
});

/**
 * `/v1/fabrics/{fabric}/telemetry/...` and `/rollout`: what the agents reported, per switch and per rule,
 * and how far the current plan has been applied.
 *
 * @example
 * registerTelemetryRoutes(app);
 */
export function registerTelemetryRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(switchTelemetryRoute, async function switchTelemetry(c) {
    const { fabric, switch: sw } = c.req.valid('param');
    const { sinceMs, limit } = c.req.valid('query');
    const deps = c.get('deps');
    const current = await currentDesiredState(deps.db, fabric);
    if (!current) return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` });
    if (!current.compiled.forSwitch(sw)) return problem(c, 404, { title: 'Switch not found', detail: `fabric ${fabric} has no switch named ${sw}` });
    const t = await getSwitchTelemetry(deps.db, fabric, sw, { since: deps.now() - (sinceMs ?? 60_000), limit: limit ?? 60 });
    return c.json({
      fabric,
      switch: sw,
      rawRetentionMs: RAW_RETENTION_MS,
      latest: t.status ? { receivedAt: t.status.lastReportAt, ...t.status.lastReport } : null,
      samples: t.samples.map(function flat(s) { return { receivedAt: s.receivedAt, ...s.report }; }),
      rollups: t.rollups.map(function minute(r) {
        return {
          bucketStart: r.bucketStart, reports: r.reports, occupancyMax: r.occupancyMax,
          occupancyMean: r.reports > 0 ? r.occupancySum / r.reports : 0,
          misses: r.misses, drops: r.drops, overflows: r.overflows, aged: r.aged, newSessions: r.newSessions,
          linkUtilizationMax: r.linkUtilizationMax,
        };
      }),
    }, 200);
  });

  app.openapi(ruleTelemetryRoute, async function ruleTelemetry(c) {
    const { fabric, id } = c.req.valid('param');
    const { sinceMs } = c.req.valid('query');
    const deps = c.get('deps');
    const rule = await getRule(deps.db, fabric, id);
    if (!rule) return problem(c, 404, { title: 'Rule not found', detail: `fabric ${fabric} has no rule ${id}` });
    const statuses = await listSwitchStatuses(deps.db, fabric);
    const latest = statuses.flatMap(function sample(s) {
      const r = s.lastReport.rules.find(function sameVni(x) { return x.vni === rule.vni; });
      return r ? [{ switch: s.switchName, receivedAt: s.lastReportAt, sessions: r.sessions, packets: r.packets, bytes: r.bytes, gbps: r.gbps }] : [];
    });
    const rows = await getRuleRollups(deps.db, fabric, id, deps.now() - (sinceMs ?? 3_600_000));
    return c.json({
      fabric,
      ruleId: id,
      vni: rule.vni,
      expectedSessions: rule.expectedSessions,
      expectedGbps: rule.expectedGbps,
      /** x_r^ob: pinned sessions summed over switches (only the owner pins). */
      observedSessions: latest.reduce(function sum(t, s) { return t + s.sessions; }, 0),
      latest,
      rollups: rows.map(function minute(r) {
        return {
          switch: r.switchName, bucketStart: r.bucketStart, vni: r.vni, reports: r.reports,
          sessionsMax: r.sessionsMax, sessionsMean: r.reports > 0 ? r.sessionsSum / r.reports : 0,
          packets: r.packets, bytes: r.bytes, gbpsMax: r.gbpsMax,
        };
      }),
    }, 200);
  });

  app.openapi(rolloutRoute, async function rollout(c) {
    const { fabric } = c.req.valid('param');
    const deps = c.get('deps');
    const current = await currentDesiredState(deps.db, fabric);
    if (!current) return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` });
    const statuses = new Map((await listSwitchStatuses(deps.db, fabric)).map(function byName(s) { return [s.switchName, s] as const; }));
    const planVersion = current.compiled.planVersion;
    const now = deps.now();
    const switches = current.compiled.switchNames.map(function status(name) {
      const s = statuses.get(name);
      const appliedVersion = s?.appliedPlanVersion ?? null;
      return {
        switch: name,
        appliedPlanVersion: appliedVersion,
        lastReportAt: s?.lastReportAt ?? null,
        applied: appliedVersion !== null && appliedVersion >= planVersion,
        silent: !s || now - s.lastReportAt > SILENT_AFTER_MS,
      };
    });
    return c.json({
      fabric,
      planId: current.compiled.planId ?? null,
      planVersion,
      applied: switches.filter(function done(s) { return s.applied; }).length,
      total: switches.length,
      switches,
    }, 200);
  });
}
