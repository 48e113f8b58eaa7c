import { describe, expect, it, vi } from 'vitest';

import { COMMON_ERRORS, METHOD_NAMES, methods } from '../../shared/api/contract';
import { ERROR_CODES } from '../../shared/api/errors';
import { createDispatch, type Handlers } from '../../electron/core/api/dispatch';
import { EventBus } from '../../electron/core/api/events';
import { KairnError } from '../../electron/core/errors';
import { JobRunner } from '../../electron/core/jobs/job-runner';

function spyHandlers(): Handlers {
  const entries = METHOD_NAMES.map(
    (name) => [name, vi.fn(() => Promise.reject(new Error(`${name} must not run`)))] as const,
  );
  return Object.fromEntries(entries) as unknown as Handlers;
}

describe('dispatch validates before any handler runs', () => {
  it.each([
    ['unknown method', 'files.delete', { path: '/home/a' }, 'unknown-method'],
    ['non-string method', 42, {}, 'unknown-method'],
    ['prototype key as method', 'constructor', {}, 'unknown-method'],
    ['missing params', 'snapshots.list', {}, 'bad-params'],
    ['wrong type', 'snapshots.list', { config: 7 }, 'bad-params'],
    ['extra key', 'status.get', { verbose: true }, 'bad-params'],
    ['relative path', 'files.versions', { config: 'home', path: 'Documents/a.txt' }, 'bad-params'],
    ['NUL in path', 'files.versions', { config: 'home', path: '/home/a\0b' }, 'bad-params'],
    [
      'oversize path',
      'files.versions',
      { config: 'home', path: `/${'a'.repeat(5000)}` },
      'bad-params',
    ],
    ['oversize query', 'files.search', { config: 'home', query: 'x'.repeat(256) }, 'bad-params'],
    ['bad config name', 'snapshots.list', { config: '../etc' }, 'bad-params'],
    ['schedule without a time', 'restart.schedule', { when: 'at' }, 'bad-params'],
    [
      'schedule with a bad Tonight time',
      'restart.schedule',
      { when: 'tonight', time: '25:00' },
      'bad-params',
    ],
    ['schedule with an unknown choice', 'restart.schedule', { when: 'soon' }, 'bad-params'],
    ['restart now with a stray flag', 'restart.now', { force: true }, 'bad-params'],
    ['edition id with a path in it', 'editions.switch', { id: '../stable' }, 'bad-params'],
    [
      'edition id with an image reference',
      'editions.switch',
      { id: 'ghcr.io/x:latest' },
      'bad-params',
    ],
    ['edition without an id', 'editions.preview', {}, 'bad-params'],
    ['update check with a stray flag', 'updates.check', { checkOnly: true }, 'bad-params'],
    ['prepare with a version', 'updates.prepare', { version: '42' }, 'bad-params'],
    [
      'restore "to" without dest',
      'restore.start',
      { config: 'home', snapshot: 3, paths: ['/home/a'], mode: 'to' },
      'bad-params',
    ],
  ])('%s → invalid-input', async (_name, method, params, reason) => {
    const handlers = spyHandlers();
    const reply = await createDispatch(handlers)(method, params);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input', reason } });
    for (const name of METHOD_NAMES) expect(handlers[name]).not.toHaveBeenCalled();
  });

  it('runs the handler with parsed params (defaults filled) when the call is valid', async () => {
    const handlers = spyHandlers();
    const spy = vi.fn(() => Promise.resolve({ jobId: 'j1' }));
    handlers['restore.start'] = spy;
    const reply = await createDispatch(handlers)('restore.start', {
      config: 'home',
      snapshot: 3,
      paths: ['/home/a'],
    });
    expect(reply).toEqual({ ok: true, result: { jobId: 'j1' } });
    expect(spy).toHaveBeenCalledWith(
      { config: 'home', snapshot: 3, paths: ['/home/a'], mode: 'keep-both' },
      {},
    );
  });

  it('turns a result that breaks the contract into backend-failed', async () => {
    const handlers = spyHandlers();
    handlers['jobs.cancel'] = vi.fn(() =>
      Promise.resolve({ cancelled: 'yes' } as unknown as { cancelled: boolean }),
    );
    const reply = await createDispatch(handlers)('jobs.cancel', { jobId: 'j1' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'backend-failed' } });
  });
});

describe('dispatch lets a method end only with the errors it lists', () => {
  it('passes a listed error through unchanged', async () => {
    const handlers = spyHandlers();
    handlers['files.showInFolder'] = vi.fn(() =>
      Promise.reject(new KairnError('not-found', { reason: 'file-missing', detail: 'ENOENT' })),
    );
    const lines: string[] = [];
    const reply = await createDispatch(handlers, (line) => lines.push(line))('files.showInFolder', {
      path: '/home/a/x',
    });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'not-found', reason: 'file-missing', detail: 'ENOENT' },
    });
    expect(lines).toEqual([]);
  });

  it('turns an unlisted error into backend-failed, keeping the original code in the detail, and logs it', async () => {
    const handlers = spyHandlers();
    handlers['jobs.get'] = vi.fn(() =>
      Promise.reject(new KairnError('no-space', { detail: 'ENOSPC: state dir' })),
    );
    const lines: string[] = [];
    const reply = await createDispatch(handlers, (line) => lines.push(line))('jobs.get', {
      jobId: 'j1',
    });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('backend-failed');
    expect(reply.error.reason).toBeUndefined();
    expect(reply.error.detail).toContain('jobs.get ended with no-space');
    expect(reply.error.detail).toContain('ENOSPC: state dir');
    expect(lines.join('\n')).toContain(
      'jobs.get ended with no-space, which the contract does not list',
    );
  });

  it.each(METHOD_NAMES)(
    '%s: every code it does not list leaves as backend-failed',
    async (name) => {
      const listed = new Set<string>([...COMMON_ERRORS, ...methods[name].errors]);
      for (const code of ERROR_CODES) {
        const handlers = spyHandlers();
        handlers[name] = vi.fn(() => Promise.reject(new KairnError(code)));
        const reply = await createDispatch(handlers)(name, VALID_PARAMS[name]);
        expect(reply.ok, `${name} with ${code}`).toBe(false);
        if (!reply.ok)
          expect(reply.error.code, `${name} with ${code}`).toBe(
            listed.has(code) ? code : 'backend-failed',
          );
      }
    },
  );
});

/** One valid params object per method (a new method must add one here). */
const VALID_PARAMS: Record<(typeof METHOD_NAMES)[number], unknown> = {
  'status.get': {},
  'snapshots.home': {},
  'snapshots.list': { config: 'home' },
  'snapshots.create': { config: 'home' },
  'snapshots.keep': { config: 'home', snapshot: 1, keep: true },
  'snapshots.setupHome': {},
  'files.list': { config: 'home', snapshot: 0, path: '/home/a' },
  'files.preview': { config: 'home', snapshot: 1, path: '/home/a/x' },
  'files.versions': { config: 'home', path: '/home/a/x' },
  'files.diff': { config: 'home', snapshot: 1, path: '/home/a/x' },
  'files.changes': { config: 'home', from: 1, to: 0 },
  'files.search': { config: 'home', query: 'x' },
  'files.showInFolder': { path: '/home/a/x' },
  'files.folders': { path: '/home/a' },
  'desktop.chooseFolder': { title: 'Restore to' },
  'restore.start': { config: 'home', snapshot: 1, paths: ['/home/a/x'] },
  'restore.undo': { undoId: 'u1' },
  'restorePoints.list': {},
  'restorePoints.changes': { id: '42' },
  'restorePoints.rollback': { to: '42' },
  'restorePoints.undoRollback': {},
  'restorePoints.keep': { id: '42', name: 'Before the printer setup' },
  'editions.get': {},
  'editions.preview': { id: 'latest' },
  'editions.switch': { id: 'latest' },
  'checks.run': {},
  'checks.fix': { check: 'file-history' },
  'report.create': {},
  'report.save': { text: 'report', fileName: 'kairn-report.txt' },
  'jobs.get': { jobId: 'j1' },
  'jobs.cancel': { jobId: 'j1' },
  'appearance.get': {},
  'restart.get': {},
  'restart.schedule': { when: 'tonight' },
  'restart.cancel': {},
  'restart.now': {},
  'updates.get': {},
  'updates.check': {},
  'updates.prepare': {},
};

describe('a job ends only with the errors its method lists', () => {
  it('keeps a listed error and cancelled, and turns an unlisted one into backend-failed (logged)', async () => {
    const lines: string[] = [];
    const jobs = new JobRunner(new EventBus(), (line) => lines.push(line));
    const listed = jobs.start('restore', () => Promise.reject(new KairnError('no-space')));
    const unlisted = jobs.start('search', () =>
      Promise.reject(new KairnError('no-space', { detail: 'ENOSPC' })),
    );
    const cancelled = jobs.start(
      'search',
      (ctl) =>
        new Promise((_resolve, reject) =>
          ctl.signal.addEventListener('abort', () => reject(new Error('stopped'))),
        ),
    );
    jobs.cancel(cancelled);
    expect((await jobs.wait(listed)).finished?.error?.code).toBe('no-space');
    const failed = (await jobs.wait(unlisted)).finished;
    expect(failed?.state).toBe('failed');
    expect(failed?.error?.code).toBe('backend-failed');
    expect(failed?.error?.detail).toContain('files.search ended with no-space');
    expect((await jobs.wait(cancelled)).finished).toMatchObject({
      state: 'cancelled',
      error: { code: 'cancelled' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('files.search ended with no-space');
  });
});
