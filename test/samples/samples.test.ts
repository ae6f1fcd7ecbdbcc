import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_FILES, generateSamples } from '../../samples/generate.js';
import { tempDir } from '../helpers/db.js';
import { SAMPLES } from '../helpers/files.js';

describe('the sample month', () => {
  it('is generated deterministically: the committed files are exactly what the script writes', async () => {
    const dir = tempDir();
    await generateSamples(dir);
    for (const f of Object.values(SAMPLE_FILES)) {
      expect(readFileSync(join(dir, f)).equals(readFileSync(join(SAMPLES, f))), f).toBe(true);
    }
  });
});
