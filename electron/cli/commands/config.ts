import type { KairnClient } from '../../../shared/api/client';
import { KairnError } from '../../core/errors';
import { stringOption, type OptionValues } from '../command';

/** --config NAME, or the config that holds the user's file history when none is given. */
export async function configFor(client: KairnClient, values: OptionValues): Promise<string> {
  const given = stringOption(values, 'config');
  if (given !== undefined) return given;
  const home = await client.call('snapshots.home', {});
  if (home.config === null) {
    throw new KairnError('not-found', {
      reason: home.problem === 'snapper-missing' ? 'snapper-missing' : 'config-missing',
    });
  }
  return home.config.name;
}

/** The --config flag shared by the snapshot commands. */
export const CONFIG_OPTION = { config: { type: 'string' } } as const;
