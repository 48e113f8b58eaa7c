import { describe, expect, it } from 'vitest';

import {
  dateOfVersion,
  entryForVersion,
  versionOfEntry,
} from '../../electron/backends/restore-points/sysupdate';
import { callShapes } from '../../electron/backends/sysupdate/host-target';

/** Introspection as sd-bus writes it (attribute order name, type, direction). */
function target(list: string, describe: string): string {
  const arg = (type: string, direction: string): string =>
    `<arg type="${type}" direction="${direction}"/>`;
  return `<node><interface name="org.freedesktop.sysupdate1.Target">
<method name="List">${arg(list, 'in')}${arg('as', 'out')}</method>
<method name="Describe">${arg('s', 'in')}${arg(describe, 'in')}${arg('s', 'out')}</method>
<method name="GetVersion">${arg('s', 'out')}</method>
</interface></node>`;
}

describe('sysupdate call shapes come from introspection', () => {
  it.each([
    ['b', 'b', { list: 'b', describe: 'sb' }],
    ['t', 't', { list: 't', describe: 'st' }],
  ])('List(%s) / Describe(s,%s)', (list, describe, shapes) => {
    expect(callShapes(target(list, describe))).toEqual(shapes);
  });

  it('an unknown generation is a clear error naming what was seen', () => {
    expect(() => callShapes(target('u', 't'))).toThrow(
      expect.objectContaining({ reason: 'sysupdate-unknown-api' }) as Error,
    );
    expect(() => callShapes('<node/>')).toThrow(
      expect.objectContaining({
        detail: expect.stringContaining('List(missing)') as string,
      }) as Error,
    );
  });
});

describe('version ↔ boot entry', () => {
  const entries = ['auto-windows', 'kde-linux_202611220317.efi', 'kde-linux_202611290305+1-1.efi'];

  it('maps a version to the UKI entry logind lists, boot counter or not', () => {
    expect(entryForVersion('202611220317', entries, ['kde-linux'])).toBe(
      'kde-linux_202611220317.efi',
    );
    expect(entryForVersion('202611290305', entries, ['kde-linux'])).toBe(
      'kde-linux_202611290305+1-1.efi',
    );
    expect(entryForVersion('202611150241', entries, ['kde-linux'])).toBeNull();
    // A version is matched whole, not as a prefix of another.
    expect(entryForVersion('20261122', entries, ['kde-linux'])).toBeNull();
  });

  it('reads the version back from an entry of this image only', () => {
    expect(versionOfEntry('kde-linux_202611290305+1-1.efi', ['kde-linux'])).toBe('202611290305');
    expect(versionOfEntry('auto-windows', ['kde-linux'])).toBeNull();
  });

  it('KDE Linux versions are UTC build stamps; other schemes get the epoch', () => {
    expect(dateOfVersion('202611220317').toISOString()).toBe('2026-11-22T03:17:00.000Z');
    expect(dateOfVersion('20261122031759').toISOString()).toBe('2026-11-22T03:17:59.000Z');
    expect(dateOfVersion('202613220317').getTime()).toBe(0);
    expect(dateOfVersion('258.1').getTime()).toBe(0);
  });
});
