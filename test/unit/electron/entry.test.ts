import { resolve } from 'node:path';

import { describe, expect, it, vi } from 'vitest';

import type { MainOptions } from '../../../electron/main/app-main';
import { outDir, rendererRoot } from '../../../electron/hosts/paths';
import { bootCore } from '../../../electron/hosts/boot';
import { app } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));
/** Whether the sandbox was already on when the entry started the host. */
const sandboxAtStart: boolean[] = [];
const runMain = vi.hoisted(() => vi.fn<(options: MainOptions) => Promise<boolean>>());
vi.mock('../../../electron/main/app-main', () => ({ runMain }));

describe('the Electron entry (out/main/index.js)', () => {
  it('hardens the app first, then starts with the built preload, renderer and the real core', async () => {
    runMain.mockImplementation(() => {
      sandboxAtStart.push(app.sandboxEnabled);
      return Promise.resolve(true);
    });
    await import('../../../electron/main/index');
    expect(sandboxAtStart).toEqual([true]);
    expect(runMain).toHaveBeenCalledTimes(1);
    const options = runMain.mock.calls[0]![0];
    expect(options.preloadPath).toBe(resolve(outDir(), 'preload', 'index.cjs'));
    expect(options.rendererRoot).toBe(rendererRoot());
    expect(options.boot).toBe(bootCore);
    expect(options.argv).toBe(process.argv);
  });
});
