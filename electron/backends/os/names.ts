import type { ServiceState } from '../../../shared/schemas/status';
import type { ServiceNamesPort } from '../../core/ports/system';
import { nameState } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';

/** ServiceNamesPort over the system bus: owned now, activatable, or missing. */
export class BusServiceNames implements ServiceNamesPort {
  constructor(private readonly conn: BusConnection) {}

  state(name: string): Promise<ServiceState> {
    return nameState(this.conn, name);
  }
}
