/**
 * snapper's `.snapshots/<N>/info.xml` (reference §1.8), read and written like snapper 0.10.4 does:
 * element order type, num, date, uid (if not 0), pre_num (if set), description, cleanup (if not
 * empty), userdata pairs; date in UTC `YYYY-MM-DD HH:MM:SS`; non-ASCII as character references.
 */

/** The metadata of one snapshot as stored on disk. */
export interface SnapshotInfo {
  number: number;
  type: 'single' | 'pre' | 'post';
  preNumber: number;
  /** Unix seconds, UTC. */
  date: number;
  uid: number;
  description: string;
  cleanup: string;
  userdata: Record<string, string>;
}

function escapeXml(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0; // for...of yields whole code points, never ''.
    if (char === '&') out += '&amp;';
    else if (char === '<') out += '&lt;';
    else if (char === '>') out += '&gt;';
    else if (code > 0x7f) out += `&#x${code.toString(16).toUpperCase()};`;
    else out += char;
  }
  return out;
}

const NAMED_ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return NAMED_ENTITIES.get(ref) ?? `&${ref};`;
  });
}

/** Unix seconds → snapper's UTC date text. */
export function formatSnapperDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** snapper's UTC date text → Unix seconds (NaN when malformed). */
export function parseSnapperDate(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return Number.NaN;
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}

function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return match?.[1] === undefined ? undefined : unescapeXml(match[1]);
}

/** Parses info.xml; null when it is not a snapper snapshot description. */
export function parseInfoXml(xml: string): SnapshotInfo | null {
  const number = Number(element(xml, 'num'));
  const date = parseSnapperDate(element(xml, 'date') ?? '');
  const type = element(xml, 'type') ?? 'single';
  if (!Number.isInteger(number) || Number.isNaN(date) || !['single', 'pre', 'post'].includes(type))
    return null;
  const userdata: Record<string, string> = {};
  for (const match of xml.matchAll(/<userdata>([\s\S]*?)<\/userdata>/g)) {
    const body = match[1] ?? '';
    const key = element(body, 'key');
    if (key !== undefined) userdata[key] = element(body, 'value') ?? '';
  }
  return {
    number,
    type: type as SnapshotInfo['type'],
    preNumber: Number(element(xml, 'pre_num') ?? 0),
    date,
    uid: Number(element(xml, 'uid') ?? 0),
    description: element(xml, 'description') ?? '',
    cleanup: element(xml, 'cleanup') ?? '',
    userdata,
  };
}

/** Writes info.xml the way snapper does. */
export function formatInfoXml(info: SnapshotInfo): string {
  const lines = [
    '<?xml version="1.0"?>',
    '<snapshot>',
    `  <type>${info.type}</type>`,
    `  <num>${info.number}</num>`,
  ];
  lines.push(`  <date>${formatSnapperDate(info.date)}</date>`);
  if (info.uid !== 0) lines.push(`  <uid>${info.uid}</uid>`);
  if (info.preNumber !== 0) lines.push(`  <pre_num>${info.preNumber}</pre_num>`);
  if (info.description !== '')
    lines.push(`  <description>${escapeXml(info.description)}</description>`);
  if (info.cleanup !== '') lines.push(`  <cleanup>${escapeXml(info.cleanup)}</cleanup>`);
  for (const [key, value] of Object.entries(info.userdata)) {
    lines.push(
      '  <userdata>',
      `    <key>${escapeXml(key)}</key>`,
      `    <value>${escapeXml(value)}</value>`,
      '  </userdata>',
    );
  }
  lines.push('</snapshot>', '');
  return lines.join('\n');
}

/** Replaces the <date> of an existing info.xml (used to backdate seeded snapshots). */
export function withDate(xml: string, seconds: number): string {
  return xml.replace(/<date>[^<]*<\/date>/, `<date>${formatSnapperDate(seconds)}</date>`);
}
