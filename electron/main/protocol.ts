import { readFile, realpath } from 'node:fs/promises';

import { protocol } from 'electron';

import { mimeType } from '../server/static-files';
import { APP_SCHEME, resolveAppRequest, WINDOW_CSP } from './guards';

/** Must run before `ready`: app:// behaves like a secure, standard origin (fetch, relative URLs). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function refuse(status: number): Response {
  return new Response(null, { status, headers: { 'Content-Security-Policy': WINDOW_CSP } });
}

/** One app:// request → the file's bytes, or a refusal; nothing outside `root` (symlinks included). */
export async function serveAppRequest(
  request: Pick<Request, 'method' | 'url'>,
  root: string,
): Promise<Response> {
  const decision = resolveAppRequest(request.method, request.url, root);
  if (!decision.ok) return refuse(decision.status);
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(decision.file)]);
    if (!real.startsWith(`${realRoot}/`)) return refuse(404);
    const body = await readFile(real);
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': mimeType(real),
        'Content-Security-Policy': WINDOW_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      },
    });
  } catch {
    return refuse(404);
  }
}

/** Serves the built renderer at app://kairn/: GET only, fixed host, nothing outside `root`. */
export function handleAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, root));
}
