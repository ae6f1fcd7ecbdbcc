import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The layering of the brief, checked on the real import graph (eslint's no-restricted-imports
 * sees one file at a time; cycles and folder order need the whole graph):
 * renderer → contract ← preload / shell → host → api → core → store, no cycles anywhere.
 */
const ROOT = resolve(__dirname, '..', '..');
const SOURCE_DIRS = ['main', 'preload', 'renderer'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const path = resolve(dirname(from), spec);
  const base = path.replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), path]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`${relative(ROOT, from)}: cannot resolve '${spec}'`);
}

const files = SOURCE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d)));
const graph = new Map<string, string[]>();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const deps: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const target = resolveImport(file, (m[1] ?? m[2])!);
    if (target) deps.push(target);
  }
  graph.set(file, deps);
}
const rel = (f: string): string => relative(ROOT, f).split('\\').join('/');

/** Strongly connected components with more than one member, or a file importing itself. */
function cycles(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (edges.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return found;
}

/** The folder a file belongs to for layering: main/core/<area>, main/<part>, preload, renderer. */
function layer(file: string): string {
  const parts = rel(file).split('/');
  if (parts[0] === 'main' && parts[1] === 'core') return parts.length > 3 ? `main/core/${parts[2]}` : 'main/core';
  if (parts[0] === 'main') return `main/${parts[1]!.replace(/\.ts$/, '')}`;
  return parts[0]!;
}

describe('layering', () => {
  it('reads the whole source tree', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get(join(ROOT, 'main', 'cli', 'main.ts'))!.length).toBeGreaterThan(3);
  });

  it('has no import cycle between files', () => {
    expect(cycles(graph).map((c) => c.map(rel))).toEqual([]);
  });

  it('has no cycle between folders (core areas included)', () => {
    const folders = new Map<string, string[]>();
    for (const [file, deps] of graph) {
      const from = layer(file);
      const set = new Set(folders.get(from) ?? []);
      for (const d of deps) if (layer(d) !== from) set.add(layer(d));
      folders.set(from, [...set]);
    }
    expect(cycles(folders)).toEqual([]);
  });

  it('keeps each side to its layer', () => {
    const allowed: [RegExp, RegExp][] = [
      [/^renderer\//, /^(renderer\/|main\/api\/contract\.ts$)/],
      [/^preload\//, /^(preload\/|main\/api\/contract\.ts$)/],
      [/^main\/core\//, /^(main\/core\/|package\.json$)/],
      [/^main\/api\//, /^main\/(api|core)\//],
      [/^main\/cli\//, /^main\/(cli|core)\//],
      // The core's process serves the API; the shell only relays to it and never loads the core.
      [/^main\/host\//, /^main\/(host|api|core)\//],
      [/^main\/shell\//, /^main\/(shell|host|api)\//],
    ];
    const wrong: string[] = [];
    for (const [file, deps] of graph) {
      const from = rel(file);
      const rule = allowed.find(([f]) => f.test(from));
      if (!rule) continue;
      for (const d of deps) if (!rule[1].test(rel(d))) wrong.push(`${from} → ${rel(d)}`);
    }
    expect(wrong).toEqual([]);
  });
});
