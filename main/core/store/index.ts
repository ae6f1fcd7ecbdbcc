export { openDatabase, schemaVersion, NewerDatabaseError, type Db, type OpenOptions } from './database.js';
export { resolveDbPath, appDataDir } from './location.js';
