/**
 * rpm's version comparison (rpmvercmp): alternating numeric and alphabetic segments, numbers
 * compared as numbers and newer than letters, `~` sorts before everything (pre-releases), `^` after
 * the plain version (snapshots). Enough to tell an upgrade from a downgrade, as rpm-ostree does.
 */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const sep = (c: string | undefined): boolean => c !== undefined && !/[A-Za-z0-9~^]/.test(c);
  for (;;) {
    while (sep(a[i])) i++;
    while (sep(b[j])) j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = /[0-9]/.test(a[i] ?? '');
    const pattern = numeric ? /^[0-9]+/ : /^[A-Za-z]+/;
    const segA = pattern.exec(a.slice(i))?.[0] ?? '';
    const segB = pattern.exec(b.slice(j))?.[0] ?? '';
    if (segB === '') return numeric ? 1 : -1;
    i += segA.length;
    j += segB.length;
    if (numeric) {
      const x = segA.replace(/^0+/, '');
      const y = segB.replace(/^0+/, '');
      if (x.length !== y.length) return x.length > y.length ? 1 : -1;
    }
    const x = numeric ? segA.replace(/^0+/, '') : segA;
    const y = numeric ? segB.replace(/^0+/, '') : segB;
    if (x !== y) return x > y ? 1 : -1;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** Compares two `[epoch:]version-release` strings. */
export function evrCompare(a: string, b: string): number {
  const split = (evr: string): [number, string, string] => {
    const colon = evr.indexOf(':');
    const epoch = colon > 0 ? Number(evr.slice(0, colon)) : 0;
    const rest = colon > 0 ? evr.slice(colon + 1) : evr;
    const dash = rest.lastIndexOf('-');
    return dash > 0 ? [epoch, rest.slice(0, dash), rest.slice(dash + 1)] : [epoch, rest, ''];
  };
  const [ea, va, ra] = split(a);
  const [eb, vb, rb] = split(b);
  if (ea !== eb) return ea > eb ? 1 : -1;
  return rpmvercmp(va, vb) || rpmvercmp(ra, rb);
}
