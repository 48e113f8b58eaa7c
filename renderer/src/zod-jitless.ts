import { z } from 'zod';

// zod probes `new Function` when it builds its first object schema; under the page's strict CSP
// (no 'unsafe-eval') Chromium logs that probe as a console error even though zod catches it.
// Imported first in main.tsx, before any schema module is evaluated.
z.config({ jitless: true });
