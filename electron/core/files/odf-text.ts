/**
 * The readable text of an OpenDocument `content.xml`, by a linear scan that only strips tags:
 * no DTD, no external or custom entities (only the five XML ones and numeric references are
 * decoded), so a hostile file can neither expand nor reach anything. A cut-off input is fine.
 */

export interface OdfText {
  text: string;
  truncated: boolean;
}

/** Elements whose content is not part of the visible text (comments, deleted text in tracked changes). */
const SKIPPED = new Set([
  'office:annotation',
  'text:tracked-changes',
  'office:forms',
  'text:note-citation',
]);
/** Elements that end a line of text when they close. */
const LINE_ENDS = new Set(['text:p', 'text:h', 'table:table-row', 'draw:page']);
const CELL_ENDS = new Set(['table:table-cell', 'table:covered-table-cell']);
const MAX_SPACES = 64;

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeReference(body: string): string | null {
  if (Object.hasOwn(NAMED, body)) return NAMED[body] ?? null;
  const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(body);
  if (!numeric) return null;
  const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
  const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  return valid ? String.fromCodePoint(code) : '\uFFFD';
}

/** Character data with `&…;` references decoded; anything unknown stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(
    /&([^&;\s]{1,10});/g,
    (whole, body: string) => decodeReference(body) ?? whole,
  );
}

/** Where the tag starting at `start` ('<') ends ('>' outside quoted attribute values), or -1. */
function tagEnd(xml: string, start: number): number {
  let quote: string | null = null;
  for (let i = start + 1; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return match ? (match[2] ?? match[3] ?? null) : null;
}

/** Text lines: trailing blanks and cell tabs dropped, runs of empty lines folded into one. */
function tidy(raw: string): string[] {
  const lines: string[] = [];
  for (const line of raw.split('\n')) {
    const clean = line.replace(/[\t ]+$/, '');
    if (clean === '' && (lines.length === 0 || lines[lines.length - 1] === '')) continue;
    lines.push(clean);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The first `maxLines` lines (at most `maxChars` characters) of the document's body text. */
export function odfText(
  xml: string,
  maxLines: number,
  maxChars: number,
  inputComplete = true,
): OdfText {
  const bodyAt = xml.indexOf('<office:body');
  let i = bodyAt >= 0 ? bodyAt : 0;
  let out = '';
  let skipDepth = 0;
  let skipName = '';
  let cellDepth = 0;
  let truncated = !inputComplete;
  const budget = maxChars * 2 + 1024;
  while (i < xml.length && out.length < budget) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (skipDepth === 0 && textEnd > i)
      out += decodeEntities(xml.slice(i, textEnd)).replace(/[\r\n\t]+/g, ' ');
    if (lt < 0) {
      i = xml.length;
      break;
    }
    if (xml.startsWith('<!--', lt)) {
      const close = xml.indexOf('-->', lt + 4);
      i = close < 0 ? xml.length : close + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const close = xml.indexOf(']]>', lt + 9);
      if (skipDepth === 0) out += xml.slice(lt + 9, close < 0 ? xml.length : close);
      i = close < 0 ? xml.length : close + 3;
      continue;
    }
    const end = tagEnd(xml, lt);
    if (end < 0) break; // cut off inside a tag
    const tag = xml.slice(lt, end + 1);
    i = end + 1;
    if (tag.startsWith('<?') || tag.startsWith('<!')) continue;
    const closing = tag.startsWith('</');
    const selfClosing = tag.endsWith('/>');
    const name = /^<\/?([^\s/>]+)/.exec(tag)?.[1] ?? '';
    if (skipDepth > 0) {
      if (name === skipName && !selfClosing) skipDepth += closing ? -1 : 1;
      continue;
    }
    if (!closing && !selfClosing && SKIPPED.has(name)) {
      skipDepth = 1;
      skipName = name;
      continue;
    }
    const ends = closing || selfClosing;
    if (CELL_ENDS.has(name)) {
      if (!closing && !selfClosing) cellDepth++;
      if (closing) cellDepth = Math.max(0, cellDepth - 1);
      if (ends) {
        while (out.endsWith(' ')) out = out.slice(0, -1);
        out += '\t';
      }
    } else if (ends && LINE_ENDS.has(name)) {
      // Paragraphs inside a spreadsheet cell stay on the cell's row.
      out += cellDepth > 0 && name !== 'table:table-row' ? ' ' : '\n';
    } else if (!closing && name === 'text:line-break') out += '\n';
    else if (!closing && name === 'text:tab') out += '\t';
    else if (!closing && name === 'text:s') {
      const count = Number(attribute(tag, 'text:c') ?? '1');
      out += ' '.repeat(Number.isInteger(count) ? Math.min(Math.max(count, 1), MAX_SPACES) : 1);
    }
  }
  if (i < xml.length) truncated = true;
  let lines = tidy(out);
  if (lines.length > maxLines) {
    lines = lines.slice(0, maxLines);
    truncated = true;
  }
  let text = lines.join('\n');
  if (text.length > maxChars) {
    text = text.slice(0, maxChars);
    truncated = true;
  }
  return { text, truncated };
}
