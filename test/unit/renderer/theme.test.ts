import { describe, expect, test } from 'vitest';

import {
  followDesktopTheme,
  themeFor,
  type Theme,
  type ThemeTarget,
} from '../../../renderer/src/app/theme';
import type { Appearance } from '../../../shared/schemas/appearance';
import { callError, fakeClient } from './fake-client';

/** A page stand-in: records what was applied; the browser's own preference can be switched. */
function fakeTarget(
  systemDark: boolean,
): ThemeTarget & { applied: Theme[]; setSystemDark(dark: boolean): void } {
  let dark = systemDark;
  const listeners = new Set<() => void>();
  const applied: Theme[] = [];
  return {
    applied,
    apply: (theme) => applied.push(theme),
    systemDark: () => dark,
    onSystemChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setSystemDark(next) {
      dark = next;
      for (const listener of listeners) listener();
    },
  };
}

/** Resolves when the pending appearance.get answer has been applied. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('the theme follows the desktop', () => {
  test('the portal says dark while the browser says light: dark', async () => {
    const target = fakeTarget(false);
    followDesktopTheme(fakeClient({ 'appearance.get': () => ({ colorScheme: 'dark' }) }), target);
    expect(target.applied).toEqual(['light']); // at once, before the answer
    await settle();
    expect(target.applied.at(-1)).toBe('dark');
  });

  test('the portal says light while the browser says dark: light, and a browser switch changes nothing', async () => {
    const target = fakeTarget(true);
    followDesktopTheme(fakeClient({ 'appearance.get': () => ({ colorScheme: 'light' }) }), target);
    await settle();
    target.setSystemDark(false);
    target.setSystemDark(true);
    expect(target.applied.slice(1)).toEqual(['light', 'light', 'light']);
  });

  test.each<[Appearance['colorScheme'], boolean, Theme]>([
    ['no-preference', true, 'dark'],
    ['no-preference', false, 'light'],
    ['unknown', true, 'dark'],
    ['unknown', false, 'light'],
  ])('portal %s, browser dark %s: %s (the browser decides)', (scheme, systemDark, theme) => {
    expect(themeFor(scheme, systemDark)).toBe(theme);
  });

  test('appearance.changed switches at once, and a late appearance.get answer does not undo it', async () => {
    const target = fakeTarget(false);
    let answer: (a: Appearance) => void = () => {};
    const client = fakeClient({
      'appearance.get': () => new Promise<Appearance>((resolve) => (answer = resolve)),
    });
    followDesktopTheme(client, target);
    client.emit('appearance.changed', { colorScheme: 'dark' });
    expect(target.applied.at(-1)).toBe('dark');
    answer({ colorScheme: 'light' });
    await settle();
    expect(target.applied.at(-1)).toBe('dark');
    client.emit('appearance.changed', { colorScheme: 'light' });
    expect(target.applied.at(-1)).toBe('light');
  });

  test('a host without appearance.get: the browser preference is followed, live', async () => {
    const target = fakeTarget(false);
    followDesktopTheme(
      fakeClient({ 'appearance.get': () => Promise.reject(callError('backend-failed')) }),
      target,
    );
    await settle();
    target.setSystemDark(true);
    expect(target.applied).toEqual(['light', 'dark']);
  });

  test('stopping ends both subscriptions', () => {
    const target = fakeTarget(false);
    const client = fakeClient({ 'appearance.get': () => ({ colorScheme: 'unknown' }) });
    const stop = followDesktopTheme(client, target);
    stop();
    expect(client.listenerCount()).toBe(0);
    target.setSystemDark(true);
    expect(target.applied).toEqual(['light']);
  });
});
