/**
 * The packaging files in build/ (electron-builder, Flatpak, desktop entries, AppStream). Building
 * the packages needs the Electron binary, which cannot be downloaded here; everything else is
 * checked: the files they name exist, the validators accept them, and the Flatpak permissions
 * are exactly the D-Bus names and paths the code uses.
 */
import { NOTIFIER_NODE_OPTIONS } from '../../electron/notifier/node-options';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { OSTREE_BOOTED_PATH } from '../../electron/core/family/detect';
import { SERVICE_NAMES } from '../../electron/core/status/service';
import { RESTART_FLAGS } from '../../electron/core/status/restart-check';

const ROOT = resolve(import.meta.dirname, '../..');
const APP_ID = 'io.github.kairn.Kairn';
const at = (path: string): string => resolve(ROOT, path);
const read = (path: string): string => readFileSync(at(path), 'utf8');

/** js-yaml comes with electron-builder (which reads the same file with it); it has no types. */
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

const DesktopEntry = z.record(z.string(), z.string());
const FpmTarget = z.object({
  afterInstall: z.string(),
  afterRemove: z.string(),
  desktop: z.object({ entry: DesktopEntry }),
  fpm: z.array(z.string()),
});
const BuilderConfig = z.object({
  appId: z.string(),
  productName: z.string(),
  files: z.array(z.string()),
  extraMetadata: z.object({ desktopName: z.string() }),
  linux: z.object({
    target: z.array(z.string()),
    executableName: z.string(),
    icon: z.string(),
    desktop: z.object({ entry: DesktopEntry }),
    extraFiles: z.array(z.object({ from: z.string(), to: z.string() })),
  }),
  appImage: z.object({ desktop: z.object({ entry: DesktopEntry }) }),
  deb: FpmTarget,
  rpm: FpmTarget,
});
const FlatpakManifest = z.object({
  'app-id': z.string(),
  command: z.string(),
  'finish-args': z.array(z.string()),
  modules: z.array(
    z.object({
      name: z.string(),
      sources: z.array(z.object({ type: z.enum(['dir', 'file']), path: z.string() })),
      'build-commands': z.array(z.string()),
    }),
  ),
});

const builder = BuilderConfig.parse(load(read('build/electron-builder.yml')));
const flatpakPath = `build/flatpak/${APP_ID}.yml`;
const flatpak = FlatpakManifest.parse(load(read(flatpakPath)));

/** A desktop file's [group] → key → value (comments and blank lines skipped). */
function desktopGroups(path: string): Map<string, Map<string, string>> {
  const groups = new Map<string, Map<string, string>>();
  let current = new Map<string, string>();
  for (const line of read(path).split('\n')) {
    const group = /^\[(.+)\]$/.exec(line);
    if (group?.[1]) groups.set(group[1], (current = new Map<string, string>()));
    const pair = /^([^#=\s][^=]*)=(.*)$/.exec(line);
    if (pair?.[1] !== undefined && pair[2] !== undefined) current.set(pair[1], pair[2]);
  }
  return groups;
}

function validate(tool: string, args: string[]): { status: number | null; output: string } {
  const run = spawnSync(tool, args, { encoding: 'utf8' });
  if (run.error)
    throw new Error(`${tool} is missing (npm run setup installs it): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The bus names the backends call, per bus: compose.ts builds each adapter on `conns.system` or
 * `conns.session`; an adapter's names are the `destination:` literals in its folder. The
 * service-name probe (BusServiceNames, system bus) asks for the core's SERVICE_NAMES.
 */
function busNamesInCode(): { system: Set<string>; session: Set<string> } {
  const backends = at('electron/backends');
  const sources = filesUnder(backends).filter((f) => f.endsWith('.ts'));
  const names = { system: new Set<string>(), session: new Set<string>() };
  const compose = readFileSync(join(backends, 'compose.ts'), 'utf8');
  for (const [, cls, bus] of compose.matchAll(/new (\w+)\(conns\.(system|session)[,)]/g)) {
    const file = sources.find((f) =>
      new RegExp(`export class ${cls}\\b`).test(readFileSync(f, 'utf8')),
    );
    expect(file, `class ${cls}`).toBeDefined();
    const folder = dirname(file!);
    for (const f of sources.filter((s) => dirname(s) === folder)) {
      for (const [, name] of readFileSync(f, 'utf8').matchAll(/destination: '([^']+)'/g)) {
        // The bus itself, and the desktop portals every Flatpak app may reach without a permission.
        if (name !== 'org.freedesktop.DBus' && !name!.startsWith('org.freedesktop.portal.'))
          names[bus === 'system' ? 'system' : 'session'].add(name!);
      }
    }
  }
  // The notifier (its own process, session bus only) calls the notification server and the tray.
  for (const f of filesUnder(at('electron/notifier')).filter((n) => n.endsWith('.ts'))) {
    for (const [, name] of readFileSync(f, 'utf8').matchAll(/destination: '([^']+)'/g))
      if (name !== 'org.freedesktop.DBus') names.session.add(name!); // the bus itself: no permission
  }
  expect(compose).toMatch(/new BusServiceNames\(conns\.system\)/);
  for (const name of Object.values(SERVICE_NAMES)) names.system.add(name);
  return names;
}

/** Every `destination: '…'` anywhere in the product code (not the simulators or the demo's own). */
function everyDestinationInCode(): Set<string> {
  const found = new Set<string>();
  for (const f of filesUnder(at('electron')).filter((f) => f.endsWith('.ts'))) {
    if (/electron\/(simulators|demo)\//.test(f)) continue;
    for (const [, name] of readFileSync(f, 'utf8').matchAll(/destination: '([^']+)'/g)) {
      if (name !== 'org.freedesktop.DBus') found.add(name!);
    }
  }
  return found;
}

const argValues = (prefix: string): string[] =>
  flatpak['finish-args'].filter((a) => a.startsWith(prefix)).map((a) => a.slice(prefix.length));

/** electron-builder's own schema check (the first thing `electron-builder` does), without building. */
const { validateConfiguration } = createRequire(import.meta.url)(
  'app-builder-lib/out/util/config/config.js',
) as {
  validateConfiguration(
    config: unknown,
    logger: { add(key: string, value: unknown): void },
  ): Promise<void>;
};

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema', async () => {
    await expect(
      validateConfiguration(load(read('build/electron-builder.yml')), { add: () => undefined }),
    ).resolves.toBeUndefined();
    // The check bites: an option electron-builder does not know is refused.
    await expect(
      validateConfiguration(
        { ...builder, linux: { ...builder.linux, notAnOption: true } },
        { add: () => undefined },
      ),
    ).rejects.toThrow(/notAnOption/);
  });

  it('builds AppImage, rpm and deb of io.github.kairn.Kairn from out/', () => {
    expect(builder.appId).toBe(APP_ID);
    expect(builder.linux.target).toEqual(['AppImage', 'rpm', 'deb']);
    expect(builder.files).toEqual(
      expect.arrayContaining(['package.json', 'out/**', 'electron/cli/bin.mjs']),
    );
    expect(builder.extraMetadata.desktopName).toBe(`${APP_ID}.desktop`);
    // The package's entry and the CLI shim's target are in what `files` ships.
    const pkg = z
      .object({ main: z.string(), bin: z.object({ kairn: z.string() }) })
      .parse(JSON.parse(read('package.json')));
    expect(pkg.main.startsWith('out/')).toBe(true);
    expect(pkg.bin.kairn).toBe('electron/cli/bin.mjs');
    expect(read('electron/cli/bin.mjs')).toContain("'../../out/main/cli.js'");
  });

  it('names only files that exist', () => {
    const named = [
      builder.linux.icon,
      ...builder.linux.extraFiles.map((f) => f.from),
      ...[builder.deb, builder.rpm].flatMap((t) => [
        t.afterInstall,
        t.afterRemove,
        ...t.fpm.map((m) => m.split('=')[0]!),
      ]),
    ];
    for (const path of named) expect(existsSync(at(path)), path).toBe(true);
    const icons = readdirSync(at(builder.linux.icon)).filter((f) => /^\d+x\d+\.png$/.test(f));
    expect(
      icons.some((f) => Number(f.split('x')[0]) >= 256),
      'an icon of at least 256 px',
    ).toBe(true);
  });

  it('installs the desktop integration where the desktop looks for it (deb and rpm alike)', () => {
    expect(builder.rpm).toEqual(builder.deb);
    const destinations = new Map(builder.deb.fpm.map((m) => [m.split('=')[1], m.split('=')[0]]));
    expect(destinations.get(`/usr/share/applications/${APP_ID}.desktop`)).toBe(
      `build/linux/${APP_ID}.desktop`,
    );
    expect(destinations.get(`/usr/share/metainfo/${APP_ID}.metainfo.xml`)).toBe(
      `build/linux/${APP_ID}.metainfo.xml`,
    );
    expect(destinations.get(`/usr/share/icons/hicolor/scalable/apps/${APP_ID}.svg`)).toBe(
      `assets/icons/${APP_ID}.svg`,
    );
    expect(destinations.get('/usr/share/kio/servicemenus/kairn-earlier-versions.desktop')).toBe(
      'assets/kio/servicemenus/kairn-earlier-versions.desktop',
    );
    expect(destinations.get(`/etc/xdg/autostart/${APP_ID}.Notifier.desktop`)).toBe(
      `build/linux/${APP_ID}.Notifier.desktop`,
    );
  });

  it('puts `kairn` and `kairn-desktop` on PATH with shell scripts that parse', () => {
    expect(builder.linux.executableName).toBe('kairn-desktop');
    expect(builder.linux.extraFiles).toEqual([{ from: 'build/linux/kairn', to: 'bin/kairn' }]);
    for (const script of ['build/linux/kairn', builder.deb.afterInstall, builder.deb.afterRemove]) {
      expect(validate('sh', ['-n', at(script)]).status, script).toBe(0);
      expect(statSync(at(script)).mode & 0o111, `${script} is executable`).not.toBe(0);
    }
    expect(read(builder.deb.afterInstall)).toContain('ln -sf /opt/Kairn/bin/kairn /usr/bin/kairn');
    expect(read('build/linux/kairn')).toMatch(
      /ELECTRON_RUN_AS_NODE=1 exec .*kairn-desktop.*bin\.mjs" "\$@"/,
    );
  });

  it('generates the same menu entry as the checked-in desktop file (hidden in deb/rpm, which install that one)', () => {
    const ours = Object.fromEntries(
      desktopGroups(`build/linux/${APP_ID}.desktop`).get('Desktop Entry')!,
    );
    // electron-builder writes Type, Exec and Terminal itself (Exec from executableName).
    const { Type: _t, Exec: _e, TryExec: _x, Terminal: _m, ...rest } = ours;
    expect(builder.linux.desktop.entry).toEqual(rest);
    expect(builder.appImage.desktop.entry).toEqual({ ...rest, Icon: 'kairn-desktop' });
    expect(builder.deb.desktop.entry).toEqual({ ...rest, NoDisplay: 'true' });
    expect(ours.Exec).toBe(builder.linux.executableName);
  });
});

describe('desktop entries', () => {
  it.each([`build/linux/${APP_ID}.desktop`, `build/linux/${APP_ID}.Notifier.desktop`])(
    '%s passes desktop-file-validate',
    (path) => {
      const run = validate('desktop-file-validate', [at(path)]);
      expect(run.output).toBe('');
      expect(run.status).toBe(0);
    },
  );

  it('the app entry opens the window with our icon', () => {
    const entry = desktopGroups(`build/linux/${APP_ID}.desktop`).get('Desktop Entry')!;
    expect(entry.get('Type')).toBe('Application');
    expect(entry.get('Exec')).toBe('kairn-desktop');
    expect(entry.get('Icon')).toBe(APP_ID);
    expect(entry.get('Name[de]') ?? entry.get('GenericName[de]')).toBeTruthy();
    expect(existsSync(at(`assets/icons/${APP_ID}.svg`))).toBe(true);
  });

  it('the autostart entry starts the notifier at login, enabled, with no menu entry', () => {
    const entry = desktopGroups(`build/linux/${APP_ID}.Notifier.desktop`).get('Desktop Entry')!;
    // With the V8 settings the memory bench measures (electron/notifier/node-options.ts).
    expect(entry.get('Exec')).toBe(`env "NODE_OPTIONS=${NOTIFIER_NODE_OPTIONS}" kairn notifier`);
    expect(entry.get('TryExec')).toBe('kairn');
    expect(entry.get('NoDisplay')).toBe('true');
    expect(entry.get('Hidden')).toBe('false');
    expect(entry.get('X-GNOME-Autostart-enabled')).toBe('true');
    // Phase 2: after Plasma's panel is up (the notifier's tray icon and notifications need it).
    expect(entry.get('X-KDE-autostart-phase')).toBe('2');
  });
});

describe('AppStream metainfo', () => {
  const path = `build/linux/${APP_ID}.metainfo.xml`;
  const xml = read(path);

  it('passes appstreamcli validate --no-net', () => {
    const run = validate('appstreamcli', ['validate', '--no-net', '--no-color', at(path)]);
    expect(run.status, run.output).toBe(0);
    expect(run.output).not.toMatch(/^[EW]:/m);
  });

  it('names the app, its desktop file, a release of this version and a content rating', () => {
    expect(xml).toContain(`<id>${APP_ID}</id>`);
    expect(xml).toContain(`<launchable type="desktop-id">${APP_ID}.desktop</launchable>`);
    const version = z
      .object({ version: z.string() })
      .parse(JSON.parse(read('package.json'))).version;
    expect(xml).toMatch(
      new RegExp(
        `<release version="${version.replace(/\./g, '\\.')}" date="\\d{4}-\\d{2}-\\d{2}">`,
      ),
    );
    expect(xml).toContain('<content_rating type="oars-1.1"/>');
    expect(xml).toContain('<project_license>GPL-3.0-or-later</project_license>');
  });

  it('shows screenshots that are in assets/screenshots', () => {
    const images = [...xml.matchAll(/<image>([^<]+)<\/image>/g)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThan(0);
    for (const url of images) {
      const inRepo = /\/main\/(assets\/screenshots\/[^/]+\.png)$/.exec(url)?.[1];
      expect(inRepo, url).toBeDefined();
      expect(existsSync(at(inRepo!)), url).toBe(true);
    }
  });
});

describe('Flatpak manifest', () => {
  it('is io.github.kairn.Kairn and starts the window', () => {
    expect(flatpak['app-id']).toBe(APP_ID);
    expect(flatpak.command).toBe('kairn-desktop');
  });

  it('may talk to exactly the system and session bus names the code calls', () => {
    const code = busNamesInCode();
    expect(new Set(argValues('--system-talk-name='))).toEqual(code.system);
    expect(new Set(argValues('--talk-name='))).toEqual(code.session);
    // A name called anywhere else in the product code would have to be in the manifest too.
    for (const name of everyDestinationInCode()) {
      if (name.startsWith('org.freedesktop.portal.')) continue; // reachable without a permission
      expect([...code.system, ...code.session], name).toContain(name);
    }
    expect(argValues('--own-name=')).toEqual([]);
    expect(argValues('--system-own-name=')).toEqual([]);
  });

  it('reads the restart flags and detection files Kairn looks at, read-only', () => {
    const readOnly = argValues('--filesystem=')
      .filter((p) => p.endsWith(':ro'))
      .map((p) => p.slice(0, -':ro'.length));
    for (const path of [...Object.values(RESTART_FLAGS), OSTREE_BOOTED_PATH]) {
      expect(
        readOnly.some((p) => path === p || path.startsWith(`${p}/`)),
        path,
      ).toBe(true);
    }
    expect(flatpak['finish-args']).toContain('--env=KAIRN_OS_RELEASE=/run/host/os-release');
  });

  it('asks for nothing broader: no whole bus, host file system, network or devices beyond the GPU', () => {
    const args = flatpak['finish-args'];
    for (const broad of [
      '--socket=session-bus',
      '--socket=system-bus',
      '--share=network',
      '--device=all',
      '--filesystem=host',
      '--filesystem=host-os',
      '--filesystem=host-etc',
    ]) {
      expect(
        args.some((a) => a === broad || a.startsWith(`${broad}:`)),
        broad,
      ).toBe(false);
    }
    // Only home is writable; every other path is read-only.
    expect(argValues('--filesystem=').filter((p) => !p.endsWith(':ro'))).toEqual(['home']);
  });

  it('explains every permission in a comment above it', () => {
    const lines = read(flatpakPath).split('\n');
    const start = lines.findIndex((l) => l.startsWith('finish-args:'));
    let explained = false;
    for (const line of lines.slice(start + 1)) {
      if (!line.startsWith(' ')) break;
      const trimmed = line.trim();
      if (trimmed === '') explained = false;
      else if (trimmed.startsWith('#')) explained = true;
      else expect(explained, `no comment above: ${trimmed}`).toBe(true);
    }
  });

  it('builds from files that exist (besides electron-builder’s dist/linux-unpacked)', () => {
    const base = dirname(at(flatpakPath));
    for (const source of flatpak.modules.flatMap((m) => m.sources)) {
      const path = resolve(base, source.path);
      if (relative(ROOT, path) === join('dist', 'linux-unpacked')) continue;
      expect(existsSync(path), source.path).toBe(true);
    }
    const commands = flatpak.modules.flatMap((m) => m['build-commands']).join('\n');
    expect(commands).toContain(`/app/share/applications/${APP_ID}.desktop`);
    expect(commands).toContain(`/app/share/metainfo/${APP_ID}.metainfo.xml`);
    expect(commands).toContain(`/app/share/icons/hicolor/scalable/apps/${APP_ID}.svg`);
  });
});
