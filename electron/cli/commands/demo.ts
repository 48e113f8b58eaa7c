import { portOption, type Command } from '../command';
import { serve } from './serve';

/** kairn demo [--family snapper|rpm-ostree|sysupdate] [--scene S] [--port N] [--real-snapper] */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'Try Kairn on a simulated machine (private buses, sample files)',
  usage:
    'kairn demo [--family snapper|rpm-ostree|sysupdate] [--scene aurora|bazzite|kinoite] [--port N] [--real-snapper]',
  options: {
    port: { type: 'string' },
    'real-snapper': { type: 'boolean' },
    family: { type: 'string' },
    scene: { type: 'string' },
  },
  run: ({ values, io }) =>
    serve({
      demo: true,
      family: typeof values.family === 'string' ? values.family : undefined,
      scene: typeof values.scene === 'string' ? values.scene : undefined,
      realSnapper: values['real-snapper'] === true,
      port: portOption(values),
      io,
    }),
};
