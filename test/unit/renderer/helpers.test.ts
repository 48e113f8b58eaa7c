import { describe, expect, it } from 'vitest';

import { createBridgeTransport, findBridge } from '../../../renderer/src/api/bridge-transport';
import { addressWithoutToken, apiUrl, readToken } from '../../../renderer/src/api/choose-transport';
import { visualKind } from '../../../renderer/src/features/recover-files/file-kind';
import { formatBytes } from '../../../renderer/src/i18n/format';
import { pickLanguage, pickLocale } from '../../../renderer/src/i18n/locale';
import { crumbs, dirname, isInside, joinPath, toLivePath } from '../../../renderer/src/store/paths';
import { mergeMatches, MAX_MATCHES } from '../../../renderer/src/store/search-slice';
import de from '../../../shared/i18n/de.json';
import en from '../../../shared/i18n/en.json';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('renderer helpers', () => {
  it('keeps the access token across reloads of the same tab', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(readToken('?token=abc', storage)).toBe('abc');
    expect(readToken('', storage)).toBe('abc');
    expect(readToken('', null)).toBeNull();
    expect(apiUrl({ protocol: 'http:', host: '127.0.0.1:8123' })).toBe('ws://127.0.0.1:8123/api');
    expect(apiUrl({ protocol: 'https:', host: 'x' })).toBe('wss://x/api');
    expect(addressWithoutToken('http://127.0.0.1:8123/?token=abc#/files')).toBe('/#/files');
    expect(addressWithoutToken('http://127.0.0.1:8123/?a=1&token=abc')).toBe('/?a=1');
    expect(addressWithoutToken('http://127.0.0.1:8123/#/files')).toBeNull();
  });

  it('uses the Electron bridge only when it has invoke and on, and turns its rejections into envelopes', async () => {
    expect(findBridge({})).toBeNull();
    expect(findBridge({ kairn: { invoke: () => null } })).toBeNull();
    const bridge = { invoke: () => Promise.reject(new Error('gone')), on: () => () => {} };
    expect(findBridge({ kairn: bridge })).toBe(bridge);
    await expect(createBridgeTransport(bridge).invoke('status.get', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'backend-failed' },
    });
  });

  it('joins, splits and maps live paths', () => {
    expect(joinPath('/home/a', 'x')).toBe('/home/a/x');
    expect(joinPath('/', 'x')).toBe('/x');
    expect(dirname('/home/a/x')).toBe('/home/a');
    expect(dirname('/x')).toBe('/');
    expect(isInside('/home/a', '/home/ab')).toBe(false);
    expect(crumbs('/home/a', '/home/a/Docs/Old')).toEqual([
      { path: '/home/a', name: null },
      { path: '/home/a/Docs', name: 'Docs' },
      { path: '/home/a/Docs/Old', name: 'Old' },
    ]);
    expect(toLivePath('/home/a/x', '/home/a', '/home')).toBe('/home/a/x');
    expect(toLivePath('/a/x', '/home/a', '/home')).toBe('/home/a/x');
  });

  it('picks the language and locale the user prefers', () => {
    expect(pickLanguage(['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(pickLanguage(['fr'])).toBe('en');
    expect(pickLocale(['fr-FR', 'de-AT'], 'de')).toBe('de-AT');
  });

  it('formats sizes with Intl in the locale', () => {
    expect(formatBytes(812, 'en')).toBe('812 bytes');
    expect(formatBytes(1536, 'en')).toBe('1.5 kB');
    expect(formatBytes(1536, 'de')).toBe('1,5 kB');
    expect(formatBytes(3_400_000_000, 'en')).toBe('3.4 GB');
  });

  it('knows the kind of an entry from its name', () => {
    expect(visualKind('A.PDF', 'file')).toBe('pdf');
    expect(visualKind('x.jpg', 'file')).toBe('image');
    expect(visualKind('notes.txt', 'file')).toBe('text');
    expect(visualKind('Docs', 'dir')).toBe('folder');
    expect(visualKind('l', 'symlink')).toBe('link');
    expect(visualKind('.bashrc', 'file')).toBe('file');
  });

  it('caps streamed search matches', () => {
    const many = Array.from({ length: MAX_MATCHES + 5 }, (_, i) => ({
      path: `/p${i}`,
      kind: 'file' as const,
      snapshot: 1,
      date: 'd',
      deletedSince: false,
    }));
    const merged = mergeMatches([], many);
    expect(merged.matches).toHaveLength(MAX_MATCHES);
    expect(merged.capped).toBe(true);
  });

  it('has a German sentence for every English one', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
  });
});
