import { ClassifierSession } from '../../src/core/classifier/classifier-session';
import { compileClassifier } from '../../src/core/classifier/compile-classifier';
import { manyHostsCase } from './workload';
const c = manyHostsCase();
const compiled = compileClassifier(c.entries);
if (!compiled.ok) throw new Error('x');
const s = new ClassifierSession(compiled.value);
let sink = 0;
for (let r = 0; r < 400; r++) for (const h of c.heads) { s.reset(); sink += (s.push(h) ?? s.finish()).kind.length; }
console.log(sink);
