import { existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../../main/core/export/atomic-file.js';
import { SpillFile } from '../../main/core/export/spill-file.js';
import { StoreError } from '../../main/core/store/store-errors.js';
import { tempDir } from '../helpers/db.js';

/**
 * The Precision sheet is kept aside in a temporary file while the detail is written. When that
 * file cannot be written (its disk is full), the export says so of the temporary folder, not of
 * the folder the workbook was going to.
 */
describe("the export's temporary file", () => {
  it("a full disk under it is named as the temporary folder's, through the export's own error handling", async () => {
    const tmp = tempDir('billrecon-spill-');
    const target = join(tempDir('billrecon-target-'), 'march.xlsx');
    const spill = new SpillFile(tmp);
    // Its descriptor swapped for /dev/full's: the kernel's own ENOSPC on the next write.
    (spill as unknown as { fd: number }).fd = openSync('/dev/full', 'w');
    const failure = await writeAtomically(target, async () => spill.append(Buffer.alloc(4096, 1))).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).message).toBe(`cannot write the export's temporary file in ${tmp}: the disk holding ${tmp} is full; nothing was written.`);
    expect((failure as StoreError).code).toBe('ENOSPC');
    expect(existsSync(target)).toBe(false);
    spill.close();
  });
});
