import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';

import { resolveInRoot } from './guards';

/** The browser host's Content-Security-Policy (the renderer needs nothing beyond its own origin). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every answer, errors included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.ftl': 'text/plain; charset=utf-8',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
};

/** Content-Type by extension; unknown types are sent as opaque bytes (never sniffed). */
export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Ends a request with a short plain-text answer (and the security headers). */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(`${text}\n`);
}

async function regularFile(path: string, realRoot: string): Promise<string | null> {
  try {
    const real = await realpath(path);
    if (real !== realRoot && !real.startsWith(`${realRoot}/`)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

/**
 * Finds the file for a URL path: exact file, else index.html for extension-less app routes.
 * Symlinks leading out of the root are refused like `..`.
 */
export async function findStaticFile(root: string, urlPath: string): Promise<string | null> {
  const candidate = resolveInRoot(root, urlPath === '/' ? '/index.html' : urlPath);
  if (candidate === null) return null;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return null;
  }
  const found = await regularFile(candidate, realRoot);
  if (found !== null || extname(candidate) !== '') return found;
  return regularFile(resolveInRoot(root, '/index.html') ?? '', realRoot);
}

/** The build names every file under /assets/ by its content hash: a new build is a new name. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

function cacheControl(urlPath: string, file: string): string {
  if (file.endsWith('.html')) return 'no-store';
  return urlPath.startsWith('/assets/') ? IMMUTABLE_CACHE : 'no-cache';
}

/** Serves one GET/HEAD for the built renderer (no token: nothing in it is secret); `extra` adds headers. */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  urlPath: string,
  extra: Record<string, string>,
): Promise<void> {
  const file = await findStaticFile(root, urlPath);
  if (file === null) {
    sendText(res, 404, 'Not found.');
    return;
  }
  const info = await stat(file);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': mimeType(file),
    'Content-Length': String(info.size),
    'Cache-Control': cacheControl(urlPath, file),
    ...extra,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
