import { makeNodeHarness } from '../helpers/harness-node';
import { fabricApiSuite } from './fabric-suite';

// The shared fabric API suite on the Node shell: better-sqlite3 on a temp file, createApp in-process.
fabricApiSuite('node: better-sqlite3', makeNodeHarness);
