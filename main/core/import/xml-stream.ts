import { SaxesParser } from 'saxes';
import { TextDecoder } from 'node:util';

/** What a part's XML says, with element names stripped of their prefix (x:row is row). */
export interface XmlSink {
  open(name: string, attributes: Record<string, string>): void;
  text(text: string): void;
  close(name: string): void;
}

/** A part of a workbook that cannot be read, or is beyond the reader's limits. */
export class XlsxError extends Error {
  override name = 'XlsxError';
  constructor(
    reason: string,
    /** The sheet row it concerns, when it concerns one. */
    readonly row: number | null = null,
    /** The cell (A1 reference, with its sheet) it concerns, when it concerns one. */
    readonly cell: string | null = null,
  ) {
    super(reason);
  }
}

export interface XmlLimits {
  /** Uncompressed bytes of the part. */
  maxBytes: number;
  /**
   * Characters the parser may take in without reporting anything (one text node, one tag with
   * its attributes, one comment): what it could otherwise hold in memory at once.
   */
  maxQuietChars: number;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** An attribute by its local name, whatever prefix the writer gave it (r:id, ns1:id …). */
export function attr(attributes: Record<string, string>, name: string, prefixed = false): string | undefined {
  if (!prefixed && name in attributes) return attributes[name];
  for (const k in attributes) if (k.endsWith(`:${name}`) && !k.startsWith('xmlns')) return attributes[k];
  return undefined;
}

const SLICE = 1 << 16;

/**
 * Parse a part's XML from a byte stream into `sink`, yielding after each piece so the caller can
 * hand on what the sink collected. Memory stays bounded whatever the input: the part's size is
 * capped, and so is what the parser may accumulate between two events.
 */
export async function* streamXml(bytes: AsyncIterable<Buffer | string>, part: string, sink: XmlSink, limits: XmlLimits): AsyncGenerator<void> {
  const parser = new SaxesParser({ position: true });
  let fed = 0;
  let lastEvent = 0;
  parser.on('opentag', (t) => {
    lastEvent = fed;
    sink.open(localName(t.name), t.attributes as Record<string, string>);
  });
  parser.on('closetag', (t) => {
    lastEvent = fed;
    sink.close(localName(t.name));
  });
  parser.on('text', (t) => {
    lastEvent = fed;
    sink.text(t);
  });
  parser.on('cdata', (t) => {
    lastEvent = fed;
    sink.text(t);
  });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let size = 0;
  const feed = (text: string) => {
    for (let at = 0; at < text.length; at += SLICE) {
      const slice = text.slice(at, at + SLICE);
      fed += slice.length;
      try {
        parser.write(slice);
      } catch (err) {
        if (err instanceof XlsxError) throw err;
        throw new XlsxError(`${part} is not well-formed XML (${(err as Error).message.slice(0, 120)})`);
      }
      if (fed - lastEvent > limits.maxQuietChars) {
        throw new XlsxError(`${part} holds a piece of XML (one value, tag or comment) longer than ${limits.maxQuietChars.toLocaleString('en')} characters: refused`);
      }
    }
  };
  for await (const chunk of bytes) {
    size += chunk.length;
    if (size > limits.maxBytes) throw new XlsxError(`${part} is larger than ${limits.maxBytes.toLocaleString('en')} bytes uncompressed: refused`);
    let text: string;
    try {
      text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    } catch {
      throw new XlsxError(`${part} is not valid UTF-8 text`);
    }
    feed(text);
    yield;
  }
  try {
    feed(decoder.decode());
    parser.close();
  } catch (err) {
    if (err instanceof XlsxError) throw err;
    throw new XlsxError(`${part} is not well-formed XML (${(err as Error).message.slice(0, 120)})`);
  }
  yield;
}
