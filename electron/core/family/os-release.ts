import type { OsReleaseInfo } from '../../../shared/schemas/status';
import type { FileSystemPort } from '../ports/file-system';
import { SYSTEM_FILES, systemPath } from '../system/sysroot';

/** Where os-release(5) lives; /usr/lib is the vendor fallback when /etc has none. */
export const OS_RELEASE_PATHS = [SYSTEM_FILES.osRelease, SYSTEM_FILES.osReleaseVendor] as const;

const MAX_OS_RELEASE_BYTES = 64 * 1024;

/** Undoes os-release's shell-style quoting: '…' is literal, "…" and bare words honour \-escapes. */
function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  const body =
    value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  return body.replace(/\\([\\$"`])/g, '$1');
}

/** Parses os-release text into its key/value fields (comments, blank and malformed lines ignored). */
export function parseOsReleaseFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    fields[match[1]] = unquote(match[2]);
  }
  return fields;
}

/** Fields → the contract's OsReleaseInfo, with os-release(5)'s documented defaults. */
export function toOsReleaseInfo(fields: Record<string, string>): OsReleaseInfo {
  const name = fields.NAME ?? 'Linux';
  return {
    id: fields.ID ?? 'linux',
    idLike: (fields.ID_LIKE ?? '').split(/\s+/).filter((word) => word !== ''),
    name,
    prettyName: fields.PRETTY_NAME ?? name,
    versionId: fields.VERSION_ID ?? null,
    variantId: fields.VARIANT_ID ?? null,
    imageId: fields.IMAGE_ID ?? null,
    imageVersion: fields.IMAGE_VERSION ?? null,
    fields,
  };
}

/** Reads os-release from an explicit path (KAIRN_OS_RELEASE) or the standard places under `root`; none → defaults. */
export async function readOsRelease(
  fs: Pick<FileSystemPort, 'readFile'>,
  explicitPath: string | null,
  root = '/',
): Promise<OsReleaseInfo> {
  const candidates = explicitPath
    ? [explicitPath]
    : OS_RELEASE_PATHS.map((path) => systemPath({ sysRoot: root }, path));
  for (const path of candidates) {
    try {
      const text = await fs.readFile(path, 'utf8');
      return toOsReleaseInfo(parseOsReleaseFields(text.slice(0, MAX_OS_RELEASE_BYTES)));
    } catch {
      // Missing or unreadable: try the next place; the spec's defaults apply if none is readable.
    }
  }
  return toOsReleaseInfo({});
}
