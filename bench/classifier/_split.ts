import { ClassifierSession } from '../../src/core/classifier/classifier-session';
import { compileClassifier } from '../../src/core/classifier/compile-classifier';
import { manyHostsCase } from './workload';
const c = manyHostsCase();
const variants: [string, typeof c.entries][] = [
  ['full', c.entries],
  ['parse-all', c.entries.filter((e) => e.ruleId.endsWith('/0')).map((e) => ({ ...e, match: [{ withoutHeaders: { 'end-user': { exact: 'zzz' } } }] }))],
  ['regex->exact', c.entries.map((e) => e.match[0]?.uri && 'regex' in e.match[0].uri ? { ...e, match: [{ method: { exact: 'POST' }, uri: { exact: e.match[0].uri.regex } }] } : e)],
  ['no-regex', c.entries.filter((e) => !(e.match[0]?.uri && 'regex' in e.match[0].uri))],
];
for (let r = 0; r < 3; r++) { const out: string[] = []; for (const [name, entries] of variants) {
  const compiled = compileClassifier(entries); if (!compiled.ok) throw new Error('x');
  const s = new ClassifierSession(compiled.value);
  let sink = 0; const t0 = process.cpuUsage(); let n = 0;
  for (;;) { for (const h of c.heads) { s.reset(); sink += (s.push(h) ?? s.finish()).kind.length; } n += c.heads.length;
    const d = process.cpuUsage(t0); if (d.user + d.system > 5e5) { out.push(`${name} ${Math.round(n / ((d.user + d.system) / 1e6))}`); break; } }
} console.log(out.join('  ')); }
