import { expect, it } from 'vitest';

import {
  COMMON_ERRORS,
  CONTRACT_VERSION,
  EVENT_NAMES,
  METHOD_NAMES,
  methods,
} from '../../shared/api/contract';

function paramKeys(schema: unknown): string {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape).join(', ') : '?';
}

/**
 * The API surface as text, compared with the committed snapshot: any change to the contract
 * shows up as a reviewable diff (update deliberately with `vitest -u`).
 */
it('the contract surface is unchanged', () => {
  const lines = [
    `contract version ${CONTRACT_VERSION}`,
    `errors every call may end with: ${COMMON_ERRORS.join(', ')}`,
    '',
    'methods:',
    ...[...METHOD_NAMES].sort().map((name) => {
      const spec = methods[name];
      const errors = spec.errors.length > 0 ? spec.errors.join(', ') : '-';
      return `  ${name} [${spec.kind}] (${paramKeys(spec.params)}) errors: ${errors}`;
    }),
    '',
    'events:',
    ...[...EVENT_NAMES].sort().map((name) => `  ${name}`),
  ];
  expect(lines.join('\n')).toMatchSnapshot();
});
