import { makeWorkersHarness } from '../helpers/harness-workers';
import { plansApiSuite } from './plans-suite';

// The same plan API and job suite inside workerd: D1 with migrations/ applied, the plan job through Queues.
plansApiSuite('workers: D1 in workerd', makeWorkersHarness);
