import dbus from 'dbus-next';
import { z } from 'zod';

/** rpmostree-package-variants.h: RpmOstreePackageDiffTypes. */
const ADDED = 0;
const REMOVED = 1;
const UPGRADED = 2;
const DOWNGRADED = 3;

const Package = z.tuple([z.string(), z.string(), z.string()]);
const Entry = z.tuple([z.string().min(1), z.number().int(), z.record(z.string(), z.unknown())]);

export interface PackageChanges {
  added: string[];
  updated: string[];
  removed: string[];
  /** One line per package for Details: "kernel 6.17.8-300.fc43 → 6.17.7-300.fc43 (x86_64)". */
  technical: string[];
}

function pkg(value: unknown): [string, string, string] | null {
  const parsed = Package.safeParse(value instanceof dbus.Variant ? value.value : value);
  return parsed.success ? parsed.data : null;
}

/**
 * GetDeploymentsRpmDiff's a(sua{sv}) → packages in words: added and removed by name, updated
 * (an upgrade or a downgrade) as "name old → new", so a person sees what going there changes.
 */
export function parseRpmDiff(value: unknown): PackageChanges {
  if (!Array.isArray(value)) throw new Error('GetDeploymentsRpmDiff did not return an array');
  const out: PackageChanges = { added: [], updated: [], removed: [], technical: [] };
  for (const raw of value) {
    const [name, type, info] = Entry.parse(raw);
    const previous = pkg(info.PreviousPackage);
    const next = pkg(info.NewPackage);
    if (type === ADDED) {
      out.added.push(next ? `${name} ${next[1]}` : name);
      out.technical.push(`+ ${name} ${next ? `${next[1]} (${next[2]})` : ''}`.trim());
    } else if (type === REMOVED) {
      out.removed.push(previous ? `${name} ${previous[1]}` : name);
      out.technical.push(`- ${name} ${previous ? `${previous[1]} (${previous[2]})` : ''}`.trim());
    } else if (type === UPGRADED || type === DOWNGRADED) {
      const from = previous?.[1] ?? '?';
      const to = next?.[1] ?? '?';
      out.updated.push(`${name} ${from} → ${to}`);
      const arrow = type === UPGRADED ? 'upgraded' : 'downgraded';
      out.technical.push(`~ ${name} ${from} → ${to} (${arrow}${next ? `, ${next[2]}` : ''})`);
    }
  }
  return out;
}
