import type {
  P4Action, P4ActionParam, P4ControllerMetadataField, P4ControllerPacketMetadata, P4Counter, P4DirectCounter,
  P4Info, P4MatchField, P4Preamble, P4Table,
} from './p4info-types';

/**
 * A name or ID the P4Info does not know. `kind` says what was looked up ('table', 'match field', ...),
 * `known` lists the valid names so the message can suggest them.
 *
 * @example
 * try { helper.tableId('nope'); } catch (e) { (e as P4InfoLookupError).kind; } // 'table'
 */
export class P4InfoLookupError extends Error {
  constructor(
    readonly kind: string,
    readonly key: string | number,
    readonly known: string[],
    scope?: string,
  ) {
    const where = scope ? ` in ${scope}` : '';
    super(`unknown ${kind} ${typeof key === 'number' ? `id ${key}` : JSON.stringify(key)}${where}; known: ${known.join(', ') || '(none)'}`);
    this.name = 'P4InfoLookupError';
  }
}

/** Index of one kind of top-level P4Info object by fully qualified name, alias and ID. */
class PreambleIndex<T extends { preamble: P4Preamble }> {
  private readonly byName = new Map<string, T>();
  private readonly byId = new Map<number, T>();

  constructor(readonly kind: string, items: T[] = []) {
    for (const item of items) {
      this.byName.set(item.preamble.name, item);
      this.byId.set(item.preamble.id, item);
    }
    // Aliases second so a fully qualified name always wins over an alias that happens to spell it.
    for (const item of items) {
      const alias = item.preamble.alias;
      if (alias && !this.byName.has(alias)) this.byName.set(alias, item);
    }
  }

  get(key: string | number): T {
    const found = typeof key === 'number' ? this.byId.get(key) : this.byName.get(key);
    if (!found) throw new P4InfoLookupError(this.kind, key, this.names());
    return found;
  }

  has(key: string | number): boolean {
    return typeof key === 'number' ? this.byId.has(key) : this.byName.has(key);
  }

  names(): string[] {
    return [...this.byId.values()].map((item) => item.preamble.name);
  }

  all(): T[] {
    return [...this.byId.values()];
  }
}

function findMember<T extends { id: number; name: string }>(
  kind: string, members: T[] | undefined, key: string | number, scope: string,
): T {
  const found = (members ?? []).find((m) => (typeof key === 'number' ? m.id === key : m.name === key));
  if (!found) throw new P4InfoLookupError(kind, key, (members ?? []).map((m) => m.name), scope);
  return found;
}

/**
 * Name ↔ ID lookups over a P4Info, in the style of p4lang tutorials' `p4runtime_lib/helper.py`: every
 * table, action, match field, action parameter, counter and controller header can be found by its fully
 * qualified name (`PiggyCarIngress.tc_session_table`), by its alias (`tc_session_table`) or by its ID.
 * Unknown names throw a `P4InfoLookupError` that lists the valid ones.
 *
 * @example
 * const helper = new P4InfoHelper(await loadP4InfoFile());
 * helper.tableId('tc_session_table');                       // 44766036
 * helper.matchField('tc_session_table', 'hdr.vxlan.vni');   // { id: 1, bitwidth: 24, matchType: 'EXACT', ... }
 * helper.actionParam('PiggyCarIngress.set_backend', 'node_ip').bitwidth; // 32
 */
export class P4InfoHelper {
  private readonly tables: PreambleIndex<P4Table>;
  private readonly actions: PreambleIndex<P4Action>;
  private readonly counters: PreambleIndex<P4Counter>;
  private readonly directCounters: PreambleIndex<P4DirectCounter>;
  private readonly controllerHeaders: PreambleIndex<P4ControllerPacketMetadata>;

  constructor(readonly p4info: P4Info) {
    this.tables = new PreambleIndex('table', p4info.tables);
    this.actions = new PreambleIndex('action', p4info.actions);
    this.counters = new PreambleIndex('counter', p4info.counters);
    this.directCounters = new PreambleIndex('direct counter', p4info.directCounters);
    this.controllerHeaders = new PreambleIndex('controller packet metadata', p4info.controllerPacketMetadata);
  }

  /** The table named (or aliased, or numbered) `key`. @example helper.table('ipv4_route').size // '1024' */
  table(key: string | number): P4Table {
    return this.tables.get(key);
  }

  /** Table ID by name or alias. @example helper.tableId('PiggyCarIngress.ipv4_route') */
  tableId(name: string): number {
    return this.tables.get(name).preamble.id;
  }

  /** Fully qualified table name by ID. @example helper.tableName(35391622) // 'PiggyCarIngress.ipv4_route' */
  tableName(id: number): string {
    return this.tables.get(id).preamble.name;
  }

  /** All tables. @example helper.allTables().map((t) => t.preamble.name) */
  allTables(): P4Table[] {
    return this.tables.all();
  }

  /** A key field of a table, by field name (`hdr.vxlan.vni`) or match-field ID. @example helper.matchField('ipv4_route', 1) */
  matchField(table: string | number, field: string | number): P4MatchField {
    const t = this.table(table);
    return findMember('match field', t.matchFields, field, `table ${t.preamble.name}`);
  }

  /** Match-field ID. @example helper.matchFieldId('tc_session_table', 'meta.l4_dst_port') // 6 */
  matchFieldId(table: string | number, field: string): number {
    return this.matchField(table, field).id;
  }

  /** Match-field name. @example helper.matchFieldName('tc_session_table', 1) // 'hdr.vxlan.vni' */
  matchFieldName(table: string | number, id: number): string {
    return this.matchField(table, id).name;
  }

  /** The action named (or aliased, or numbered) `key`. @example helper.action('set_backend').params */
  action(key: string | number): P4Action {
    return this.actions.get(key);
  }

  /** Action ID by name or alias. @example helper.actionId('NoAction') // 21257015 */
  actionId(name: string): number {
    return this.actions.get(name).preamble.id;
  }

  /** Fully qualified action name by ID. @example helper.actionName(21257015) // 'NoAction' */
  actionName(id: number): string {
    return this.actions.get(id).preamble.name;
  }

  /** A parameter of an action by name or ID. @example helper.actionParam('ipv4_forward', 'port').bitwidth // 9 */
  actionParam(action: string | number, param: string | number): P4ActionParam {
    const a = this.action(action);
    return findMember('action parameter', a.params, param, `action ${a.preamble.name}`);
  }

  /** Action-parameter ID. @example helper.actionParamId('ipv4_forward', 'dst_mac') // 2 */
  actionParamId(action: string | number, param: string): number {
    return this.actionParam(action, param).id;
  }

  /**
   * Checks that `table` may run `action` and returns the action reference (with its scope). An action the
   * table does not list throws, naming the actions it does list.
   *
   * @example
   * helper.actionRef('tc_session_table', 'send_to_cpu').scope; // 'DEFAULT_ONLY'
   */
  actionRef(table: string | number, action: string | number) {
    const t = this.table(table);
    const a = this.action(action);
    const ref = (t.actionRefs ?? []).find((r) => r.id === a.preamble.id);
    if (!ref) {
      const known = (t.actionRefs ?? []).map((r) => (this.actions.has(r.id) ? this.actionName(r.id) : String(r.id)));
      throw new P4InfoLookupError('action', a.preamble.name, known, `table ${t.preamble.name}`);
    }
    return ref;
  }

  /** An indexed counter by name/alias/ID. @example helper.counter('my_counter') */
  counter(key: string | number): P4Counter {
    return this.counters.get(key);
  }

  /** A direct counter by name/alias/ID. @example helper.directCounterId('function_offload_counter') */
  directCounter(key: string | number): P4DirectCounter {
    return this.directCounters.get(key);
  }

  /** Direct counter ID. @example helper.directCounterId('function_offload_counter') // 334687831 */
  directCounterId(name: string): number {
    return this.directCounters.get(name).preamble.id;
  }

  /** The direct counter attached to a table, if any. @example helper.directCounterOf('function_offload_table') */
  directCounterOf(table: string | number): P4DirectCounter | undefined {
    const id = this.table(table).preamble.id;
    return this.directCounters.all().find((c) => c.directTableId === id);
  }

  /** A controller header (`packet_in`, `packet_out`). @example helper.controllerMetadata('packet_in').metadata */
  controllerMetadata(key: string | number): P4ControllerPacketMetadata {
    return this.controllerHeaders.get(key);
  }

  /** One field of a controller header. @example helper.controllerMetadataField('packet_in', 'vni').id // 2 */
  controllerMetadataField(header: string | number, field: string | number): P4ControllerMetadataField {
    const h = this.controllerMetadata(header);
    return findMember('controller metadata field', h.metadata, field, `controller header ${h.preamble.name}`);
  }
}
