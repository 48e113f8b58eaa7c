/** What identifies the person or the machine, removed from everything a report contains. */
export interface RedactionFacts {
  userName: string;
  home: string;
  hostName?: string | undefined;
  /** Further paths that contain the home (e.g. its real path /var/home/NAME). */
  homes?: readonly string[];
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A name as a whole word (never inside a longer word: "ann" stays in "annual"). */
function word(name: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_])${escape(name)}(?![A-Za-z0-9_])`, 'gi');
}

/**
 * Removes home paths (→ ~), e-mail addresses, the user name and the host name. Paths go first so
 * /home/NAME/x reads ~/x; the names are matched as words, case-insensitively (journal lines often
 * carry a host name in another case). Names shorter than 2 characters cannot be told from text.
 */
export function redact(text: string, facts: RedactionFacts): string {
  let out = text;
  const homes = [...new Set([facts.home, ...(facts.homes ?? [])])]
    .filter((h) => h.length > 1)
    .sort((a, b) => b.length - a.length);
  for (const home of homes)
    out = out.replace(new RegExp(`${escape(home.replace(/\/+$/, ''))}(?=/|\\b|$)`, 'g'), '~');
  out = out.replace(EMAIL, '<e-mail>');
  if (facts.userName.length >= 2) out = out.replace(word(facts.userName), '<user>');
  const host = facts.hostName ?? '';
  if (host.length >= 2) {
    out = out.replace(word(host), '<host>');
    // A fully qualified name's first label is the host too (journal lines use the short one).
    const short = host.split('.')[0] ?? '';
    if (short.length >= 2 && short !== host) out = out.replace(word(short), '<host>');
  }
  return out;
}
