/**
 * `billrecon imports` says under each file what its import noted, the same `note:` lines
 * `billrecon import` printed after the import (read back from the audit record in SQLite, in a
 * second process's view: a new CLI run on the same file). Files that noted nothing get none.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/main.js';
import { captureIo } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { SAMPLES } from '../helpers/files.js';

const TRANSCODE_NOTE = 'row 4: TaskId tc-0004 failed: kept, not counted: TranscodeFailed: file damaged';
const RECORDING_NOTE = '1 OnlineRecordStarted event skipped: not a result';

async function cli(argv: string[], cwd: string) {
  const io = captureIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

/** The `note:` lines under each `#ID` line of a listing, by id. */
function notesById(out: string): Record<string, string[]> {
  const by: Record<string, string[]> = {};
  let id = '';
  for (const line of out.split('\n')) {
    const head = /^#(\d+) /.exec(line);
    if (head) by[(id = head[1]!)] = [];
    else if (line.startsWith('  note: ')) by[id]!.push(line.slice('  note: '.length));
  }
  return by;
}

describe('billrecon imports lists each import’s notes', () => {
  it('under each file, as billrecon import printed them after the import; none under a file that noted nothing', async () => {
    const dir = tempDir();
    const db = join(dir, 'b.sqlite');
    // Run in the samples folder: the audit record keeps the file name as given.
    const imported = await cli(['import', '--db', db, 'tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'fee-detail-2025-03.gbk.csv'], SAMPLES);
    expect([imported.code, imported.err]).toEqual([0, '']);
    // What the import said, in its own words.
    expect(imported.out.split('\n').filter((l) => l.startsWith('  note: '))).toEqual([`  note: ${TRANSCODE_NOTE}`, `  note: ${RECORDING_NOTE}`]);

    const listed = await cli(['imports', '--db', db], dir);
    expect([listed.code, listed.err]).toEqual([0, '']);
    expect(notesById(listed.out)).toEqual({ '1': [TRANSCODE_NOTE], '2': [RECORDING_NOTE], '3': [] });
    // The note follows its file's line directly.
    const lines = listed.out.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^#1 imported tiw-transcode tiw-transcode-2025-03\.json — 5 rows, /);
    expect(lines[1]).toBe(`  note: ${TRANSCODE_NOTE}`);
    expect(lines[2]).toMatch(/^#2 imported tiw-recording tiw-recording-2025-03\.jsonl — /);
    expect(lines[3]).toBe(`  note: ${RECORDING_NOTE}`);
    expect(lines[4]).toMatch(/^#3 imported fee-detail\/\S+ fee-detail-2025-03\.gbk\.csv — 37 rows, /);

    // An undone import keeps its record and so its notes.
    expect((await cli(['imports', '--db', db, '--undo', '1'], dir)).out).toBe('import #1 undone\n');
    const after = await cli(['imports', '--db', db], dir);
    expect(after.out.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^#1 undone {3}tiw-transcode /), `  note: ${TRANSCODE_NOTE}`]);
    // --json has carried them all along.
    const json = JSON.parse((await cli(['imports', '--db', db, '--json'], dir)).out) as { imports: { id: number; notes: string[] }[] };
    expect(json.imports.map((i) => [i.id, i.notes])).toEqual([[1, [TRANSCODE_NOTE]], [2, [RECORDING_NOTE]], [3, []]]);
  });
});
