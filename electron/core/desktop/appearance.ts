import type { Appearance } from '../../../shared/schemas/appearance';
import type { EventBus } from '../api/events';
import type { AppearancePort } from '../ports/appearance';

/**
 * The desktop's light/dark choice for the UI. Without a portal (or its port) the answer is
 * 'unknown' and the renderer follows the browser's own prefers-color-scheme.
 */
export class AppearanceServiceImpl {
  private readonly stopWatch: () => void;

  constructor(
    private readonly port: AppearancePort | undefined,
    events: EventBus,
  ) {
    this.stopWatch =
      port?.watch((colorScheme) => events.emit('appearance.changed', { colorScheme })) ??
      (() => {});
  }

  async get(): Promise<Appearance> {
    return { colorScheme: this.port ? await this.port.colorScheme() : 'unknown' };
  }

  close(): void {
    this.stopWatch();
  }
}
