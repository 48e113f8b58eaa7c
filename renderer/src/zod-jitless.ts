import { z } from 'zod';

// zod compiles fast object parsers with `new Function`, which the page's CSP (no 'unsafe-eval')
// forbids and reports as a console error. Imported first in main.tsx, before any schema exists,
// because zod decides per schema when the schema is created.
z.config({ jitless: true });
