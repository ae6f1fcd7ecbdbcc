import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// ajv and js-yaml come with electron-builder (app-builder-lib validates its config with the same schema).
const require = createRequire(import.meta.url);
const Ajv = require('ajv') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors: unknown } };
const yaml = require('js-yaml') as { load(text: string): unknown };

const repo = join(__dirname, '..', '..');
const config = yaml.load(readFileSync(join(repo, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema", () => {
    const schema = JSON.parse(readFileSync(join(repo, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('packages for Windows, macOS and Linux without rebuilding native modules in place', () => {
    expect(Object.keys(config)).toEqual(expect.arrayContaining(['win', 'mac', 'linux']));
    expect(config.npmRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('ships better-sqlite3 and the Electron-ABI driver outside the asar', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**']));
    expect(config.extraResources).toEqual([{ from: 'native', to: 'native', filter: ['electron-*/better_sqlite3.node'] }]);
  });
});
