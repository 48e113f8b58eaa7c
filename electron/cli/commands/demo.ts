import { portOption, type Command } from '../command';
import { serve } from './serve';

/** kairn demo [--port N] [--real-snapper] */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'Try Kairn on a simulated machine (private buses, sample files)',
  usage: 'kairn demo [--port N] [--real-snapper]',
  options: { port: { type: 'string' }, 'real-snapper': { type: 'boolean' } },
  run: ({ values, io }) =>
    serve({
      demo: true,
      realSnapper: values['real-snapper'] === true,
      port: portOption(values),
      io,
    }),
};
