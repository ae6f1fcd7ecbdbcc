/** The fuzz campaign's JSON and XLSX half (fuzz.test.ts has the CSV half and the checks). */
import { describe, it } from 'vitest';
import { tempDir } from '../helpers/db.js';
import { jsonInputs, xlsxInputs } from './fuzz-inputs.js';
import { COUNTS, SEED, campaign } from './fuzz-campaign.js';

describe(`import fuzz campaign, JSON and XLSX (seed ${SEED})`, () => {
  it(`${COUNTS.json} malformed JSON and ${COUNTS.xlsx} malformed XLSX files: only ImportErrors naming the file, nothing internal, nothing stored`, async () => {
    await campaign(async () => [
      ['json', jsonInputs(SEED + 1, COUNTS.json)],
      ['xlsx', await xlsxInputs(SEED + 2, COUNTS.xlsx, tempDir('billrecon-fuzz-xlsx-'))],
    ]);
  }, 180_000);
});
