import { makeWorkersHarness } from '../helpers/harness-workers';
import { istioApiSuite } from './istio-suite';

// The same Istio API suite inside workerd: D1 with migrations/ applied, one atomic db.batch per change.
istioApiSuite('workers: D1 in workerd', makeWorkersHarness);
