/**
 * How a client proves it may use the browser host's WebSocket. The token travels in the
 * Sec-WebSocket-Protocol header of every upgrade, never in a cookie (cookies are shared by
 * every server on 127.0.0.1, whatever the port) and never in the socket's URL (URLs end up in
 * logs and history). The client offers two sub-protocols: the API version, which the server
 * selects and echoes, and the token, which the server only reads.
 */
export const WS_PROTOCOL = 'kairn.v1';
export const WS_TOKEN_PREFIX = 'kairn.token.';

/** The sub-protocols a client offers for `token` (base64url, so a valid header token). */
export function wsProtocols(token: string): string[] {
  return [WS_PROTOCOL, `${WS_TOKEN_PREFIX}${token}`];
}

/** The token offered in a Sec-WebSocket-Protocol header, or null when there is none or several. */
export function wsTokenFrom(header: string | undefined): string | null {
  const tokens = (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.startsWith(WS_TOKEN_PREFIX))
    .map((p) => p.slice(WS_TOKEN_PREFIX.length));
  return tokens.length === 1 ? (tokens[0] ?? null) : null;
}
