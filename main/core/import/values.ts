/** Cell value parsing moved to bill/values.ts (the classifier, the store's line reader and exports share it). */
export * from '../bill/values.js';
