/** Moved to the store (rating names its sources too); kept here for the reconcile modules. */
export { traceNamer } from '../store/traces.js';
