// The loggers, the trivial job and the storage interceptor are shared with every core test.
export { capturingLogger, interceptedStorage, noopJob, silentLogger, type Interceptor } from '../helpers.js';

// The gate is the processing conformance suite's own.
export { Gate } from '../../src/testing/processing/harness.js';
