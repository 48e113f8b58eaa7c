import type { Edition } from '../../../../shared/schemas/editions';

/** The edition's own name as people write it: "Stable" for the channel tag `stable`. */
export function editionName(e: Pick<Edition, 'name' | 'kind'>): string {
  if (e.kind !== 'channel' || e.name === '') return e.name;
  return e.name.charAt(0).toUpperCase() + e.name.slice(1);
}
