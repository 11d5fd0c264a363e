import { makeNodeHarness } from '../helpers/harness-node';
import { plansApiSuite } from './plans-suite';

// The plan API and job on the Node shell: better-sqlite3 on a temp file, the durable SQLite queue.
plansApiSuite('node: better-sqlite3', makeNodeHarness);
