import { z } from '@hono/zod-openapi';

const Ipv4 = z.string().openapi({ example: '10.0.0.1' });

const MigrationRef = z.object({ migrationId: z.string(), ruleId: z.string(), vni: z.number().int() });
const MigrationSession = z.object({
  vni: z.number().int(), srcIp: Ipv4, dstIp: Ipv4, protocol: z.number().int(), srcPort: z.number().int(), dstPort: z.number().int(), backendIp: Ipv4,
});

/** OpenAPI/zod shape of SwitchDesiredState (src/core/desired-state/types.ts). */
export const DesiredStateSchema = z
  .object({
    fabric: z.string(),
    switch: z.string(),
    vtepIp: Ipv4,
    planVersion: z.number().int().openapi({ description: '0 before the fabric has a ready plan' }),
    planId: z.string().optional(),
    ports: z.array(z.object({ port: z.number().int(), neighbour: z.string(), neighbourIp: Ipv4, neighbourMac: z.string(), bandwidthGbps: z.number() })),
    routes: z.array(z.object({ prefix: Ipv4, prefixLength: z.number().int(), port: z.number().int(), dstMac: z.string(), nextHop: z.string() })),
    functionOffloadTable: z.array(z.object({
      vni: z.number().int(),
      ruleId: z.string(),
      action: z.union([
        z.object({ kind: z.literal('set_owner'), ownerIp: Ipv4 }),
        z.object({ kind: z.literal('owner_is_local') }),
      ]),
    })),
    fullRuleTable: z.array(z.object({
      vni: z.number().int(),
      ruleId: z.string(),
      lbPolicy: z.object({ kind: z.enum(['RANDOM', 'ROUND_ROBIN', 'LEAST_REQUEST', 'CONSISTENT_HASH_SOURCE_IP']) }),
      expectedSessions: z.number(),
      backends: z.array(z.object({ pod: z.string(), ip: Ipv4, nodeVtepIp: Ipv4, weight: z.number() })),
      pinByFlowHash: z.boolean().optional().openapi({ description: 'rule in migration: pin new sessions by a hash of the flow' }),
    })),
    sessionBudget: z.object({
      capacity: z.number().int(), threshold: z.number().int(), expectedSessions: z.number(), idleTimeoutMs: z.number().int(),
    }),
    sessionExports: z.array(MigrationRef).optional().openapi({ description: 'old owner of a moving rule: POST its live sessions' }),
    sessionImports: z.array(MigrationRef.extend({ sessions: z.array(MigrationSession) })).optional()
      .openapi({ description: 'new owner of a moving rule: insert these sessions (never modify)' }),
  })
  .openapi('DesiredState');

const Count = z.number().int().min(0);

/** zod of TelemetryReport (src/core/desired-state/telemetry-types.ts): validated at the edge. */
export const TelemetryReportSchema = z
  .object({
    appliedPlanVersion: z.number().int().min(0).nullable(),
    appliedHash: z.string().max(64).optional(),
    intervalMs: z.number().int().min(0).max(3_600_000),
    reason: z.enum(['interval', 'threshold', 'startup']),
    occupancy: Count,
    capacity: Count,
    misses: Count,
    drops: Count,
    overflows: Count,
    aged: Count,
    newSessions: Count,
    rules: z.array(z.object({
      vni: z.number().int().min(0).max(0xffffff),
      sessions: Count,
      packets: Count,
      bytes: Count,
      gbps: z.number().min(0),
    })).max(100_000),
    links: z.array(z.object({
      port: z.number().int().min(0).max(511),
      neighbour: z.string().max(253).optional(),
      gbps: z.number().min(0),
      utilization: z.number().min(0),
    })).max(4096),
  })
  .openapi('TelemetryReport');
