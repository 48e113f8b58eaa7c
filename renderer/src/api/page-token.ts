// No zod here (nor anything that imports it): early-socket.ts runs this before any schema exists.

const TOKEN_KEY = 'kairn.token';

/**
 * The browser host's access token: from `?token=` (remembered for reloads) or from this tab's
 * session. sessionStorage is per origin, so per port, unlike a cookie (see electron/server).
 */
export function readToken(
  search: string,
  storage: Pick<Storage, 'getItem' | 'setItem'> | null,
): string | null {
  const fromUrl = new URLSearchParams(search).get('token');
  if (fromUrl) {
    try {
      storage?.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token from the URL still works for this page.
    }
    return fromUrl;
  }
  try {
    return storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

/** WebSocket URL of the browser host's API endpoint for this page (the token goes in a header). */
export function apiUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api`;
}

/** This page's address without `?token=`, or null when it had none (then nothing to replace). */
export function addressWithoutToken(href: string): string | null {
  const url = new URL(href);
  if (!url.searchParams.has('token')) return null;
  url.searchParams.delete('token');
  return `${url.pathname}${url.search}${url.hash}`;
}
