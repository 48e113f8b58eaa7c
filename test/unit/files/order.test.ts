import { describe, expect, it } from 'vitest';

import {
  type ListItem,
  comparatorFor,
  compareNames,
  firstK,
} from '../../../electron/core/files/order';

/** A deterministic jumble of names: numbers, cases, accents, punctuation. */
function jumble(n: number): ListItem[] {
  const parts = ['img', 'IMG', 'Bild', 'bild', 'école', 'Ecole', 'z', '_a', 'a b', 'a-b'];
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647);
  return Array.from({ length: n }, (_, i) => ({
    name: `${parts[next() % parts.length]}${next() % 3 === 0 ? '' : String(next() % 120)}.${i}`,
    kind: (['file', 'dir', 'symlink'] as const)[next() % 3] ?? 'file',
    size: next() % 50,
    mtimeMs: next() % 1000,
  }));
}

describe('folder order', () => {
  it('picks the same first page as a full sort, for every key and direction', () => {
    const items = jumble(3000);
    for (const key of ['name', 'kind', 'size', 'mtime'] as const) {
      const cmp = comparatorFor(key);
      const sorted = [...items].sort(cmp);
      expect(firstK(items, 150, cmp)).toEqual(sorted.slice(0, 150));
      expect(firstK(items, 150, (a, b) => cmp(b, a))).toEqual(sorted.slice(-150).reverse());
    }
  });

  it('orders names like a file manager: numbers by value, case and accents aside, total', () => {
    expect(['file10', 'File2', 'file1', 'école', 'Ecole', 'ecole'].sort(compareNames)).toEqual([
      'Ecole',
      'ecole',
      'école',
      'file1',
      'File2',
      'file10',
    ]);
    expect(compareNames('a', 'A')).not.toBe(0);
  });
});
