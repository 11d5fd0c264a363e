import { makeNodeHarness } from '../helpers/harness-node';
import { istioApiSuite } from './istio-suite';

// The Istio API suite on the Node shell: better-sqlite3 on a temp file, createApp in-process.
istioApiSuite('node: better-sqlite3', makeNodeHarness);
