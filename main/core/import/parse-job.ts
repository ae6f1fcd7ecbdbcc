import type { LineBatch, NormalizedFile } from '../bill/normalize.js';
import type { CsvLinesJob } from './csv-lines.js';

/** What the importer hands its parse worker: the CSV and how to read it; at most `inFlight` batches ahead. */
export interface ParseJob extends CsvLinesJob {
  inFlight: number;
}

export type ToImporter =
  | { t: 'batch'; batch: LineBatch; bytes: number }
  | { t: 'end'; file: NormalizedFile; bytes: number }
  | { t: 'error'; importError: { file: string; row: number | null; column: string | null; reason: string; value: string | undefined } }
  | { t: 'error'; message: string };
