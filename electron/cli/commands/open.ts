import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

import { recoverRoute } from '../../hosts/open-route';
import { UsageError, portOption, stringOption, type CliIo, type Command } from '../command';
import { serve } from './serve';

/** A browser host address (`http://127.0.0.1:PORT/?token=…`) with the route to `path` instead of its own hash. */
export function openUrl(base: string, path: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UsageError('--url must be the address `kairn serve` printed');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError('--url must be an http address');
  url.hash = '';
  return `${url.toString()}${recoverRoute(path)}`;
}

/** Hands the address to the desktop's browser (xdg-open) without waiting for it. */
function openInBrowser(url: string, io: CliIo): void {
  const child = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
  child.on('error', () => io.stderr(`kairn: could not open a browser; open ${url}\n`));
  child.unref();
}

const SERVING = /^Kairn is serving at (\S+)\n$/;

/**
 * kairn open PATH: Recover files at that item, its versions shown (the Dolphin service menu runs
 * this). With --url (a running `kairn serve`'s address) it reuses that browser host; otherwise it
 * starts one, like `kairn serve`, whose printed address already leads to the item. --print-url
 * only prints the address instead of opening a browser.
 */
export const openCommand: Command = {
  name: 'open',
  summary: 'Show the earlier versions of a file or folder',
  usage: 'kairn open PATH [--url ADDRESS] [--print-url] [--demo] [--port N]',
  positionals: true,
  options: {
    url: { type: 'string' },
    'print-url': { type: 'boolean' },
    demo: { type: 'boolean' },
    port: { type: 'string' },
  },
  async run({ values, positionals, io }) {
    if (positionals.length !== 1 || !positionals[0])
      throw new UsageError('give exactly one file or folder: kairn open PATH');
    const path = resolve(positionals[0]);
    const printOnly = values['print-url'] === true;
    const base = stringOption(values, 'url') ?? process.env.KAIRN_URL;
    if (base !== undefined) {
      const url = openUrl(base, path);
      if (printOnly) io.stdout(`${url}\n`);
      else openInBrowser(url, io);
      return;
    }
    // No browser host to reuse: start one whose one address line leads straight to the item.
    const routed: CliIo = {
      ...io,
      stdout: (text) => {
        const match = SERVING.exec(text);
        if (!match?.[1]) {
          io.stdout(text);
          return;
        }
        const url = openUrl(match[1], path);
        io.stdout(`Kairn is serving at ${url}\n`);
        if (!printOnly) openInBrowser(url, io);
      },
    };
    await serve({
      demo: values.demo === true,
      realSnapper: false,
      port: portOption(values),
      io: routed,
    });
  },
};
