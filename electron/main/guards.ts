/**
 * Pure checks of the Electron host (no `electron` import, so they are unit-tested on plain Node):
 * which app:// requests are served, which senders may call the core, which URLs may leave the app.
 */
import { resolveInRoot } from '../server/guards';

/** The renderer's origin inside the Electron window. */
export const APP_SCHEME = 'app';
/** The one host app:// serves. */
export const APP_HOST = 'kairn';
/** app://kairn */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window opens. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The window's CSP: nothing but its own files (no WebSocket: the window talks over IPC). */
export const WINDOW_CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Serve this file, or answer with this status. */
export type AppRequestDecision =
  { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 | 405 };

/** `..` as a path segment, literal or percent-encoded (%2e, %2f, %5c). */
const DOT_SEGMENT = /(?:^|\/|%2f|%5c|\\)(?:\.|%2e){2}(?:$|\/|%2f|%5c|\\|\?|#)/i;

function parse(url: string | undefined | null): URL | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** An app:// request → the file under `root` to serve; GET only, fixed host, no way out of the root. */
export function resolveAppRequest(method: string, url: string, root: string): AppRequestDecision {
  if (method !== 'GET') return { ok: false, status: 405 };
  // Refuse dot-segments outright, even where the URL parser would quietly fold them away.
  if (DOT_SEGMENT.test(url)) return { ok: false, status: 404 };
  const parsed = parse(url);
  if (parsed?.protocol !== `${APP_SCHEME}:`) return { ok: false, status: 400 };
  if (parsed.host !== APP_HOST || parsed.username !== '' || parsed.password !== '')
    return { ok: false, status: 403 };
  const file = resolveInRoot(root, parsed.pathname === '/' ? '/index.html' : parsed.pathname);
  return file === null ? { ok: false, status: 404 } : { ok: true, file };
}

/** Only frames showing our own app:// page may call the core. */
export function isTrustedSender(frameUrl: string | undefined | null): boolean {
  const parsed = parse(frameUrl);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/**
 * A link the user clicked → the re-formatted http(s) URL to hand to the desktop, or null.
 * Re-formatting the parsed URL drops anything a crafted string could smuggle past a prefix check.
 */
export function safeExternalUrl(raw: string): string | null {
  const parsed = parse(raw);
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}
