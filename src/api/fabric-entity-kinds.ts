import { z } from '@hono/zod-openapi';
import {
  DnsLabelSchema,
  FabricLinkSchema,
  FabricNameSchema,
  FabricPodSchema,
  FabricServerSchema,
  FabricSwitchSchema,
} from '../core/fabric/schema';
import type { FabricDocument, FabricLink, FabricPod, FabricServer, FabricSwitch } from '../core/fabric/types';
import type { FabricSection } from '../db/fabric-chunks';
import type { InvalidParam } from './problem';

/**
 * How one entity collection of a fabric is addressed over HTTP: its section of the document, its
 * URL segment, its item key (from an entity and from the path), and its schemas.
 */
export interface EntityKind<T> {
  section: FabricSection;
  /** URL segment and OpenAPI tag: 'switches'. */
  collection: string;
  /** For messages: 'switch'. */
  singular: string;
  itemSchema: z.ZodType<T>;
  /** Path below the collection, OpenAPI style: '/{name}'. */
  itemPath: string;
  /** Path parameters of `itemPath`. */
  itemParams: z.ZodObject<Record<string, z.ZodString>>;
  /** The key that identifies an entity (unique within the fabric). */
  keyOf(item: T): string;
  /** The key named by the path parameters, or why they do not name one. */
  keyFromParams(params: Record<string, string>): string | InvalidParam;
  /** Human form of a key for messages. */
  describeKey(key: string): string;
}

function nameParam(description: string) {
  return z.object({ name: FabricNameSchema.openapi({ param: { name: 'name', in: 'path' }, description }) });
}

/** A link key does not depend on the order of its endpoints: 'a~b' === 'b~a'. */
export function linkKey(a: string, b: string): string {
  return a < b ? `${a}~${b}` : `${b}~${a}`;
}

/** `/v1/fabrics/{fabric}/switches/{name}`. */
export const SWITCHES: EntityKind<FabricSwitch> = {
  section: 'switches',
  collection: 'switches',
  singular: 'switch',
  itemSchema: FabricSwitchSchema,
  itemPath: '/{name}',
  itemParams: nameParam('switch name'),
  keyOf: (s) => s.name,
  keyFromParams: (p) => p.name,
  describeKey: (k) => `switch ${k}`,
};

/** `/v1/fabrics/{fabric}/servers/{name}`. */
export const SERVERS: EntityKind<FabricServer> = {
  section: 'servers',
  collection: 'servers',
  singular: 'server',
  itemSchema: FabricServerSchema,
  itemPath: '/{name}',
  itemParams: nameParam('server name'),
  keyOf: (s) => s.name,
  keyFromParams: (p) => p.name,
  describeKey: (k) => `server ${k}`,
};

/** `/v1/fabrics/{fabric}/links/{a}~{b}` (either order). */
export const LINKS: EntityKind<FabricLink> = {
  section: 'links',
  collection: 'links',
  singular: 'link',
  itemSchema: FabricLinkSchema,
  itemPath: '/{link}',
  itemParams: z.object({
    link: z
      .string()
      .min(3)
      .openapi({ param: { name: 'link', in: 'path' }, description: 'the two endpoint names joined by ~ (either order)', example: 'access1~core1' }),
  }),
  keyOf: (l) => linkKey(l.a, l.b),
  keyFromParams(p) {
    const parts = p.link.split('~');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      return { name: 'link', reason: "must be two endpoint names joined by '~', e.g. access1~core1" };
    }
    return linkKey(parts[0], parts[1]);
  },
  describeKey: (k) => `link ${k}`,
};

/** `/v1/fabrics/{fabric}/pods/{namespace}/{name}`. */
export const PODS: EntityKind<FabricPod> = {
  section: 'pods',
  collection: 'pods',
  singular: 'pod',
  itemSchema: FabricPodSchema,
  itemPath: '/{namespace}/{name}',
  itemParams: z.object({
    namespace: DnsLabelSchema.openapi({ param: { name: 'namespace', in: 'path' }, example: 'default' }),
    name: FabricNameSchema.openapi({ param: { name: 'name', in: 'path' }, example: 'productpage-1' }),
  }),
  keyOf: (p) => `${p.namespace}/${p.name}`,
  keyFromParams: (p) => `${p.namespace}/${p.name}`,
  describeKey: (k) => `pod ${k}`,
};

/**
 * The document with one section's array replaced.
 *
 * @example
 * withSection(doc, 'switches', [...doc.switches, sw]);
 */
export function withSection<S extends FabricSection>(doc: FabricDocument, section: S, items: FabricDocument[S]): FabricDocument {
  return { ...doc, [section]: items };
}
