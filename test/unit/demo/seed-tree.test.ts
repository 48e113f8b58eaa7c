import { stat } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { writeTree, type SeedTree } from '../../../electron/demo/seed-tree';
import { makeTempDir } from '../../harness/tmp';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  tmp = await makeTempDir('kairn-seed-tree-');
});
afterEach(() => tmp.remove());

const file = (text: string, mtime: number) => ({
  kind: 'file' as const,
  data: Buffer.from(text),
  mtime,
});

describe('demo seed trees', () => {
  it('dates each folder of a point in time from that point (its newest file), not from the seeding', async () => {
    const old = Math.floor(new Date(2026, 9, 1, 12, 0).getTime() / 1000);
    const tree: SeedTree = new Map([
      ['Documents/Recipes/soup.txt', file('soup', old - 3600)],
      ['Documents/Recipes/bread.txt', file('bread', old)],
      ['Documents/notes.txt', file('notes', old - 86_400)],
    ]);
    await writeTree(join(tmp.path, 'snap'), tree);
    const seconds = async (rel: string) =>
      Math.floor((await stat(join(tmp.path, 'snap', rel))).mtimeMs / 1000);
    expect(await seconds('Documents/Recipes')).toBe(old);
    expect(await seconds('Documents')).toBe(old);
    expect(await seconds('Documents/notes.txt')).toBe(old - 86_400);
  });
});
