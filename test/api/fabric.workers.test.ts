import { makeWorkersHarness } from '../helpers/harness-workers';
import { fabricApiSuite } from './fabric-suite';

// The same shared suite inside workerd: D1 with migrations/ applied, Queues' MessageBatch.
fabricApiSuite('workers: D1 in workerd', makeWorkersHarness);
