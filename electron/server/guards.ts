import { timingSafeEqual } from 'node:crypto';
import { posix } from 'node:path';

/** The only Host values the browser host answers to (anything else may be DNS rebinding). */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** Host header check: exact match against 127.0.0.1:PORT / localhost:PORT, nothing else. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase());
}

/**
 * The request's one Host header from the raw header list, or null when there is none or more
 * than one (node keeps only the first in `req.headers`; a proxy or cache might use another).
 */
export function singleHost(rawHeaders: readonly string[]): string | null {
  const hosts: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === 'host') hosts.push(rawHeaders[i + 1] ?? '');
  }
  return hosts.length === 1 ? (hosts[0] ?? null) : null;
}

/**
 * Origin check for the WebSocket: a browser always sends Origin, and it must be our own page.
 * No Origin at all means a non-browser client (the CLI's scripts, tests): allowed, because the
 * explicit token is required either way. A wrong Origin (including "null") never is.
 */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return allowedHosts(port).some((host) => origin.toLowerCase() === `http://${host}`);
}

/** Constant-time token comparison. */
export function tokensEqual(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string' || token === '') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Request path without query, e.g. '/api'; null when the request target is not a plain path. */
export function requestPath(url: string | undefined): string | null {
  if (url === undefined || !url.startsWith('/')) return null;
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/**
 * A URL path (still percent-encoded) → a file path inside `root`, or null when it is malformed
 * or would leave the root (`..`, encoded `%2e%2e`, encoded slashes, NUL). Symlinks are the
 * caller's job (realpath) since this function does no I/O.
 */
export function resolveInRoot(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return null;
  const base = posix.normalize(root).replace(/\/+$/, '') || '/';
  const full = posix.join(base, decoded);
  return full === base || full.startsWith(`${base}/`) ? full : null;
}
