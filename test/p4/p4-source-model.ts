/**
 * A small reader for the subset of P4_16 PiggyCar's programs use, good enough to pull out what the P4Info
 * describes — tables (keys, match kinds, actions, scopes, sizes, default actions, idle timeout, direct
 * counters), actions with typed parameters, controller headers — and resolve key bitwidths through the
 * header/struct/typedef declarations. It is a consistency check for tests, NOT a P4 compiler: it does not
 * type-check, evaluate the parser, or know the architecture beyond a few built-in type names.
 */

export interface SourceKey { expr: string; matchKind: string; bitwidth: number }
export interface SourceActionRef { name: string; annotations: string[] }
export interface SourceTable {
  name: string;
  keys: SourceKey[];
  actions: SourceActionRef[];
  size?: number;
  defaultAction?: string;
  constDefault: boolean;
  idleTimeout: boolean;
  counters?: string;
}
export interface SourceAction { name: string; params: { name: string; bitwidth: number }[] }
export interface SourceControl {
  name: string;
  params: Map<string, string>;
  tables: SourceTable[];
  actions: SourceAction[];
  directCounters: { name: string; unit: string }[];
  /** Indexed counters (v1model `counter(size, CounterType.x) name;`), size resolved through `const` declarations. */
  counters: { name: string; unit: string; size: number }[];
  body: string;
}
export interface SourceModel {
  controls: SourceControl[];
  controllerHeaders: { name: string; fields: { name: string; bitwidth: number }[] }[];
}

/** Types the architectures declare that PiggyCar's programs use. */
const BUILTIN_WIDTHS: Record<string, number> = { PortId_t: 9 };

/** The value of `const bit<N> NAME = value;` in the source (NaN when absent). */
function constantOf(text: string, name: string): number {
  const m = new RegExp(`\\bconst\\s+bit<\\d+>\\s+${name}\\s*=\\s*(\\d+)\\s*;`).exec(text);
  return m ? Number(m[1]) : Number.NaN;
}

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

/** Index just past the brace that closes the one at `open`. */
function matchBrace(src: string, open: number, openCh = '{', closeCh = '}'): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === openCh) depth++;
    else if (src[i] === closeCh && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced ${openCh} at offset ${open}`);
}

/** Top-level `keyword NAME ... { body }` blocks of `src`. */
function blocks(src: string, keyword: string): { name: string; head: string; body: string; annotations: string }[] {
  const out: { name: string; head: string; body: string; annotations: string }[] = [];
  const re = new RegExp(`((?:@\\w+(?:\\([^)]*\\))?\\s*)*)\\b${keyword}\\s+(\\w+)`, 'g');
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const open = src.indexOf('{', m.index + m[0].length);
    const semi = src.indexOf(';', m.index + m[0].length);
    if (open < 0 || (semi >= 0 && semi < open && keyword !== 'control')) continue;
    const close = matchBrace(src, open);
    out.push({ name: m[2], head: src.slice(m.index + m[0].length, open), body: src.slice(open + 1, close - 1), annotations: m[1] });
    re.lastIndex = close;
  }
  return out;
}

function parseFieldList(body: string): { type: string; name: string }[] {
  return body.split(';').map((s) => s.trim()).filter(Boolean).map(function field(decl) {
    const m = /^(bit<\d+>|varbit<\d+>|\w+)\s+(\w+)$/.exec(decl.replace(/\s+/g, ' '));
    if (!m) throw new Error(`cannot read field declaration "${decl}"`);
    return { type: m[1], name: m[2] };
  });
}

/**
 * Reads a P4 program's text into the model above. Throws on constructs it cannot read, so a test fails
 * loudly instead of silently checking less.
 *
 * @example
 * const model = readP4Source(readFileSync('p4/piggycar.p4', 'utf8'));
 * model.controls.find((c) => c.name === 'PiggyCarIngress')!.tables.map((t) => t.name);
 */
export function readP4Source(text: string): SourceModel {
  const src = stripComments(text).replace(/^\s*#[^\n]*$/gm, ' ');
  const typedefs = new Map<string, string>();
  for (const m of src.matchAll(/typedef\s+(bit<\d+>)\s+(\w+)\s*;/g)) typedefs.set(m[2], m[1]);
  const types = new Map<string, { name: string; type: string }[]>();
  const controllerHeaders: SourceModel['controllerHeaders'] = [];

  function widthOf(type: string): number {
    const t = typedefs.get(type) ?? type;
    const m = /^bit<(\d+)>$/.exec(t);
    if (m) return Number(m[1]);
    if (t in BUILTIN_WIDTHS) return BUILTIN_WIDTHS[t];
    throw new Error(`no bitwidth for type ${type}`);
  }

  for (const kind of ['header', 'struct']) {
    for (const b of blocks(src, kind)) {
      const fields = parseFieldList(b.body);
      types.set(b.name, fields);
      const ch = /@controller_header\("(\w+)"\)/.exec(b.annotations);
      if (ch) controllerHeaders.push({ name: ch[1], fields: fields.map((f) => ({ name: f.name, bitwidth: widthOf(f.type) })) });
    }
  }

  const controls = blocks(src, 'control').map(function readControl(c): SourceControl {
    const params = new Map<string, string>();
    const paramText = c.head.slice(c.head.indexOf('(') + 1, c.head.lastIndexOf(')'));
    for (const p of paramText.split(',')) {
      const m = /(?:in|out|inout)?\s*(\w+)\s+(\w+)\s*$/.exec(p.trim());
      if (m) params.set(m[2], m[1]);
    }
    const resolve = (expr: string): number => {
      const [root, ...path] = expr.split('.');
      const rootType = params.get(root);
      if (!rootType) throw new Error(`${c.name}: unknown key root "${root}" in ${expr}`);
      let type: string = rootType;
      for (const seg of path) {
        const field: { name: string; type: string } | undefined = types.get(type)?.find((f) => f.name === seg);
        if (!field) throw new Error(`${c.name}: no field "${seg}" in ${type} (${expr})`);
        type = field.type;
      }
      return widthOf(type);
    };
    const actions = [...c.body.matchAll(/\baction\s+(\w+)\s*\(([^)]*)\)/g)].map((m) => ({
      name: m[1],
      params: m[2].split(',').map((s) => s.trim()).filter(Boolean).map(function param(p) {
        const pm = /^(?:in\s+)?(bit<\d+>|\w+)\s+(\w+)$/.exec(p.replace(/\s+/g, ' '));
        if (!pm) throw new Error(`${c.name}.${m[1]}: cannot read parameter "${p}"`);
        return { name: pm[2], bitwidth: widthOf(pm[1]) };
      }),
    }));
    const tables = blocks(c.body, 'table').map(function readTable(t): SourceTable {
      const keyBlock = /\bkey\s*=\s*\{([^}]*)\}/.exec(t.body)?.[1] ?? '';
      const keys = keyBlock.split(';').map((s) => s.trim()).filter(Boolean).map(function key(k) {
        const km = /^([\w.]+)\s*:\s*(\w+)$/.exec(k);
        if (!km) throw new Error(`${t.name}: cannot read key "${k}"`);
        return { expr: km[1], matchKind: km[2], bitwidth: resolve(km[1]) };
      });
      const actionBlock = /\bactions\s*=\s*\{([^}]*)\}/.exec(t.body)?.[1] ?? '';
      const refs = actionBlock.split(';').map((s) => s.trim()).filter(Boolean).map(function ref(a) {
        const am = /^((?:@\w+\s+)*)(\w+)(?:\(\))?$/.exec(a);
        if (!am) throw new Error(`${t.name}: cannot read action reference "${a}"`);
        return { name: am[2], annotations: am[1].trim().split(/\s+/).filter(Boolean) };
      });
      const def = /\b(const\s+)?default_action\s*=\s*(\w+)/.exec(t.body);
      const size = /\bsize\s*=\s*(\d+)\s*;/.exec(t.body);
      return {
        name: t.name,
        keys,
        actions: refs,
        size: size ? Number(size[1]) : undefined,
        defaultAction: def?.[2],
        constDefault: Boolean(def?.[1]),
        idleTimeout: /\b(support_timeout|idle_timeout)\s*=\s*true\s*;/.test(t.body),
        counters: /\bcounters\s*=\s*(\w+)\s*;/.exec(t.body)?.[1],
      };
    });
    const directCounters = [
      ...c.body.matchAll(/\bdirect_counter\s*\(\s*CounterType\.(\w+)\s*\)\s*(\w+)\s*;/g),
      ...c.body.matchAll(/\bDirectCounter\s*<(?:[^<>]|<[^<>]*>)*>\s*\(\s*CounterType_t\.(\w+)\s*\)\s*(\w+)\s*;/g),
    ].map((m) => ({ name: m[2], unit: m[1].toUpperCase() }));
    const counters = [...c.body.matchAll(/\bcounter\s*\(\s*(\w+)\s*,\s*CounterType\.(\w+)\s*\)\s*(\w+)\s*;/g)]
      .map((m) => ({ name: m[3], unit: m[2].toUpperCase(), size: /^\d+$/.test(m[1]) ? Number(m[1]) : constantOf(src, m[1]) }));
    return { name: c.name, params, tables, actions, directCounters, counters, body: c.body };
  });
  return { controls, controllerHeaders };
}
