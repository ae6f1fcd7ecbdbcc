/** The fuzz campaign's CSV half (fuzz-structured.test.ts runs the JSON and XLSX half on the other core). */
import { describe, it } from 'vitest';
import { COUNTS, SEED, campaign } from './fuzz-campaign.js';
import { csvInputs } from './fuzz-inputs.js';

describe(`import fuzz campaign, CSV (seed ${SEED})`, () => {
  it(`${COUNTS.csv} malformed CSV files: only ImportErrors naming the file, nothing internal, nothing stored`, async () => {
    await campaign(async () => [['csv', csvInputs(SEED, COUNTS.csv)]]);
  }, 180_000);
});
