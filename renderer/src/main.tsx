// Must stay first: the connection's handshake starts before anything else is evaluated.
import './api/early-socket';
// Must come before any schema module: it configures zod before any schema exists.
import './zod-jitless';

import { createClient } from '../../shared/api/client';
import { chooseTransport } from './api/choose-transport';
import { withEarlyCalls, type EarlyMethod } from './api/early-calls';
import type { ConnectionState } from './api/ws-transport';
import { routeFromHash } from './app/routes';
import './styles/base.css';
import './styles/widgets.css';
import './styles/layout.css';
import './styles/restore-points.css';
import './styles/editions.css';
import './styles/restart.css';
import './styles/help.css';

/*
 * The first script is only this: open the connection and ask what the first screen shows, so
 * the round trip runs while the browser loads and parses the app (React, languages, pages),
 * which comes as a second script. Opening fast is issue 11, item 11.
 */
let latest: ConnectionState | null = null;
let follower: ((state: ConnectionState) => void) | null = null;
const { transport, kind } = chooseTransport((state) => {
  latest = state;
  follower?.(state);
});
const early: EarlyMethod[] =
  routeFromHash(window.location.hash) === 'home' ? ['status.get', 'checks.run'] : ['status.get'];
const client = withEarlyCalls(createClient(transport), early);

void import('./app/start').then(({ start }) =>
  start({
    client,
    kind,
    connection: {
      latest: () => latest,
      follow: (listener) => {
        follower = listener;
      },
    },
  }),
);
