import { resolve } from 'node:path';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/**
 * The repository's own eslint.config.js, with type information switched off so probe files that
 * do not exist on disk can be linted (the boundary rule needs no types).
 */
const eslint = new ESLint({
  cwd: root,
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], ...tseslint.configs.disableTypeChecked }],
});

// The first lint loads eslint.config.js, its plugins and the TypeScript parser (seconds on a busy
// machine): done once here, so no single case carries that one-time cost inside its own budget.
beforeAll(async () => {
  await eslint.lintText('export {};\n', { filePath: resolve(root, 'shared/api/warm-up.ts') });
}, 120_000);

async function boundaryErrors(filePath: string, specifier: string): Promise<string[]> {
  const code = `import * as probe from '${specifier}';\nexport const used = probe;\n`;
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('folder import boundaries', () => {
  it.each([
    ['shared/api/probe.ts', 'node:fs'],
    ['shared/api/probe.ts', 'path'],
    ['shared/api/probe.ts', 'electron'],
    ['shared/api/probe.ts', 'dbus-next'],
    ['shared/api/probe.ts', '../../electron/core/errors'],
    ['renderer/src/probe.ts', 'node:path'],
    ['renderer/src/probe.ts', 'electron'],
    ['renderer/src/probe.ts', 'dbus-next'],
    ['renderer/src/app/probe.tsx', '../../../electron/core/errors'],
    ['electron/core/status/probe.ts', 'dbus-next'],
    ['electron/core/status/probe.ts', 'electron'],
    ['electron/core/status/probe.ts', '../../backends/dbus/call'],
    ['electron/server/probe.ts', 'electron'],
    ['electron/backends/logind/probe.ts', 'electron/main'],
    ['test/unit/probe.ts', 'electron'],
  ])('%s may not import %s', async (file, specifier) => {
    expect(await boundaryErrors(file, specifier)).toHaveLength(1);
  });

  it.each([
    ['electron/main/probe.ts', 'electron'],
    ['electron/preload/probe.ts', 'electron'],
    ['electron/backends/logind/probe.ts', 'dbus-next'],
    ['electron/simulators/logind/probe.ts', 'dbus-next'],
    ['renderer/src/probe.ts', '../../shared/api/client'],
    ['shared/api/probe.ts', 'zod'],
  ])('%s may import %s', async (file, specifier) => {
    expect(await boundaryErrors(file, specifier)).toEqual([]);
  });
});

/** Messages of the core's "file system only through the port" rule for one probe file. */
async function fsPortErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('the core reaches the file system only through its port', () => {
  it.each([
    [
      'electron/core/status/probe.ts',
      "import { access } from 'node:fs/promises';\nexport const used = access;\n",
    ],
    [
      'electron/core/files/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const used = readFileSync;\n",
    ],
    ['electron/core/files/probe.ts', "import * as fs from 'node:fs';\nexport const used = fs;\n"],
    [
      'electron/core/desktop/probe.ts',
      "import fsp from 'fs/promises';\nexport const used = fsp;\n",
    ],
    [
      'electron/core/restore/probe.ts',
      "import { constants, rename } from 'node:fs';\nexport const used = [constants, rename];\n",
    ],
  ])('%s may not import the file system: %s', async (file, code) => {
    const errors = await fsPortErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('through its port');
  });

  it.each([
    [
      'electron/core/files/probe.ts',
      "import type { Stats } from 'node:fs';\nexport type Used = Stats;\n",
    ],
    [
      'electron/core/files/probe.ts',
      "import { type FileHandle } from 'node:fs/promises';\nexport type Used = FileHandle;\n",
    ],
    [
      'electron/core/restore/probe.ts',
      "import { constants } from 'node:fs';\nexport const used = constants.COPYFILE_EXCL;\n",
    ],
    [
      'electron/core/ports/probe.ts',
      "import * as fsp from 'node:fs/promises';\nexport const used = fsp;\n",
    ],
    [
      'electron/backends/restore-fs/probe.ts',
      "import * as fsp from 'node:fs/promises';\nexport const used = fsp;\n",
    ],
  ])('%s may: %s', async (file, code) => {
    expect(await fsPortErrors(file, code)).toEqual([]);
  });
});
