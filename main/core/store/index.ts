export { nativeBindingOf, openDatabase, openReader, readerOf, type ReaderSpec, schemaVersion, NewerDatabaseError, type Db, type OpenOptions } from './database.js';
export { resolveDbPath, appDataDir } from './location.js';
export { rowWriter, insertImport, listImports, getImport, readRows, iterateRows, LIVE, TABLE_OF_KIND, type RowOfKind, type NewImport } from './bills.js';
export { linesInMonth, monthsWithLines, monthsOfImport, LIVE_IMPORT } from './lines.js';
export { traceNamer } from './traces.js';
