// Moved to src/text/normalize.ts; this re-export keeps old imports working until they are updated.
export * from '../text/normalize.js';
