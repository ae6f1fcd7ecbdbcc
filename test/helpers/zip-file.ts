import { writeFileSync } from 'node:fs';
import { crc32, deflateRawSync, createDeflateRaw } from 'node:zlib';

export interface ZipPart {
  name: string;
  /** The part's bytes, or pieces of it (a large part is deflated piece by piece, never held whole). */
  data: string | Buffer | (() => Iterable<string | Buffer>);
}

interface Packed {
  name: Buffer;
  crc: number;
  size: number;
  compressed: Buffer;
}

async function pack(p: ZipPart): Promise<Packed> {
  const name = Buffer.from(p.name, 'utf8');
  if (typeof p.data !== 'function') {
    const raw = Buffer.from(p.data);
    return { name, crc: crc32(raw), size: raw.length, compressed: deflateRawSync(raw) };
  }
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  let crc = 0;
  let size = 0;
  for (const piece of p.data()) {
    const b = Buffer.from(piece);
    crc = crc32(b, crc);
    size += b.length;
    if (!deflate.write(b)) await new Promise((r) => deflate.once('drain', r));
  }
  await new Promise((r) => deflate.end(r));
  return { name, crc, size, compressed: Buffer.concat(out) };
}

/** Write a zip of deflated parts (a test's hand-made XLSX, or any zip). */
export async function writeZip(path: string, parts: ZipPart[]): Promise<void> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const z = await pack(p);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(z.crc >>> 0, 14);
    local.writeUInt32LE(z.compressed.length, 18);
    local.writeUInt32LE(z.size, 22);
    local.writeUInt16LE(z.name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(z.crc >>> 0, 16);
    central.writeUInt32LE(z.compressed.length, 20);
    central.writeUInt32LE(z.size, 24);
    central.writeUInt16LE(z.name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, z.name, z.compressed);
    centrals.push(central, z.name);
    offset += 30 + z.name.length + z.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, directory, end]));
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A minimal valid XLSX: one sheet whose XML is `sheetData` (the inside of <sheetData>), in pieces. */
export async function writeXlsx(path: string, sheetData: () => Iterable<string>, sheetName = 'Sheet1'): Promise<void> {
  await writeZip(path, [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: function* () {
        yield `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>`;
        yield* sheetData();
        yield '</sheetData></worksheet>';
      },
    },
  ]);
}

function columnName(k: number): string {
  return k < 26 ? String.fromCharCode(65 + k) : columnName(Math.floor(k / 26) - 1) + String.fromCharCode(65 + (k % 26));
}

/** Rows of text as inline-string cells, with or without r= references. */
export function* inlineRows(rows: readonly (readonly string[])[], withRefs: boolean): Iterable<string> {
  for (const [i, row] of rows.entries()) {
    const cells = row.map((v, k) => `<c${withRefs ? ` r="${columnName(k)}${i + 1}"` : ''} t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`);
    yield `<row${withRefs ? ` r="${i + 1}"` : ''}>${cells.join('')}</row>`;
  }
}

/** A sheet whose one cell holds `megabytes` MB of text: a 200 KB file that unpacks to 200 MB. */
export function* hugeCell(megabytes: number): Iterable<string> {
  yield '<row r="1"><c r="A1" t="inlineStr"><is><t>';
  const mb = 'A'.repeat(1 << 20);
  for (let i = 0; i < megabytes; i++) yield mb;
  yield '</t></is></c></row>';
}
