/** The column descriptors moved to bill/columns.ts (mapping, storing, reading and exports share them). */
export * from '../bill/columns.js';
