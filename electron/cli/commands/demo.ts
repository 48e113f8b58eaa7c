import { portOption, type Command } from '../command';
import { serve } from './serve';

/** kairn demo [--family snapper|rpm-ostree|sysupdate] [--port N] [--real-snapper] */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'Try Kairn on a simulated machine (private buses, sample files)',
  usage: 'kairn demo [--family snapper|rpm-ostree|sysupdate] [--port N] [--real-snapper]',
  options: {
    port: { type: 'string' },
    'real-snapper': { type: 'boolean' },
    family: { type: 'string' },
  },
  run: ({ values, io }) =>
    serve({
      demo: true,
      family: typeof values.family === 'string' ? values.family : undefined,
      realSnapper: values['real-snapper'] === true,
      port: portOption(values),
      io,
    }),
};
