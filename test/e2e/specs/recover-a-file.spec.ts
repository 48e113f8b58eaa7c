import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';
import { RecoverFilesPage } from '../pages/recover-files-page';
import { Shell } from '../pages/shell';

const session = useDemoSession();

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

test('find a deleted file with the search, restore it, and the bytes on disk are the saved ones', async () => {
  const status = await apiCall(session.server, 'status.get', {});
  const home = status.home.path;
  const config = status.home.config;
  expect(config).not.toBeNull();
  const livePath = join(home, 'Documents', 'Old CV.txt');
  await expect(readFile(livePath)).rejects.toMatchObject({ code: 'ENOENT' });

  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('recover');
  const recover = new RecoverFilesPage(page);
  await recover.search('old cv');
  const result = recover.searchResults().filter({ hasText: 'Old CV.txt' }).first();
  await result.waitFor({ timeout: 30_000 });
  await expect(result.textContent()).resolves.toMatch(/deleted/i);
  await result.click();
  await recover.itemPanel().waitFor();
  await expect(recover.itemPanel().textContent()).resolves.toContain('Old CV.txt');
  await screenshot(page, 'recover-deleted-file');
  await recover.restoreKeepingBoth();
  await recover.confirmation().waitFor({ timeout: 30_000 });
  await expect(recover.restoredPaths().first().textContent()).resolves.toBe(livePath);
  await screenshot(page, 'recover-restored');

  // The restored bytes equal the copy in the newest point in time that still has the file.
  const versions = await apiCall(session.server, 'files.versions', {
    config: config!,
    path: livePath,
  });
  const newest = versions.versions.at(-1)!;
  const snapshotDir = join(
    home,
    '.snapshots',
    String(newest.snapshot),
    'snapshot',
    'Documents',
    'Old CV.txt',
  );
  const restored = await readFile(livePath);
  expect(sha256(restored)).toBe(sha256(await readFile(snapshotDir)));
  expect(restored.toString('utf8')).toContain('CV');
  expect(errors).toEqual([]);
  await context.close();
});
