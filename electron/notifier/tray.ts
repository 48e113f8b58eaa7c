import dbus from 'dbus-next';

import { callMethod, subscribeSignals } from '../backends/dbus/call';
import type { BusConnection } from '../backends/dbus/connection';

/** StatusNotifierWatcher, where a tray item announces itself (reference §7.2). */
export const WATCHER = {
  destination: 'org.kde.StatusNotifierWatcher',
  path: '/StatusNotifierWatcher',
  interface: 'org.kde.StatusNotifierWatcher',
} as const;
export const ITEM_PATH = '/StatusNotifierItem';
export const MENU_PATH = '/MenuBar';

export interface TrayText {
  title: string;
  tooltip: string;
  /** [action key, label], in menu order. */
  menu: [string, string][];
}

type Variant = dbus.Variant;
const v = (signature: string, value: unknown): Variant => new dbus.Variant(signature, value);

/** org.kde.StatusNotifierItem: the icon, its status and what a click does. */
class StatusNotifierItem extends dbus.interface.Interface {
  status = 'Passive';
  text: TrayText = { title: 'Kairn', tooltip: '', menu: [] };

  constructor(private readonly onActivate: () => void) {
    super('org.kde.StatusNotifierItem');
  }

  get Category(): string {
    return 'SystemServices';
  }
  get Id(): string {
    return 'kairn-notifier';
  }
  get Title(): string {
    return this.text.title;
  }
  get Status(): string {
    return this.status;
  }
  get WindowId(): number {
    return 0;
  }
  get IconName(): string {
    return 'system-reboot';
  }
  get AttentionIconName(): string {
    return 'system-reboot';
  }
  get OverlayIconName(): string {
    return 'emblem-important';
  }
  get ToolTip(): [string, [number, number, Buffer][], string, string] {
    return ['system-reboot', [], this.text.title, this.text.tooltip];
  }
  get ItemIsMenu(): boolean {
    return false;
  }
  get Menu(): string {
    return MENU_PATH;
  }

  Activate(_x: number, _y: number): void {
    this.onActivate();
  }
  SecondaryActivate(_x: number, _y: number): void {
    this.onActivate();
  }
  ContextMenu(_x: number, _y: number): void {
    // The host draws the menu from com.canonical.dbusmenu.
  }
  Scroll(_delta: number, _orientation: string): void {
    // Nothing to scroll.
  }

  NewStatus(status: string): string {
    return status;
  }
  NewTitle(): void {
    // signal without arguments
  }
  NewToolTip(): void {
    // signal without arguments
  }
}

StatusNotifierItem.configureMembers({
  properties: {
    Category: { signature: 's', access: 'read' },
    Id: { signature: 's', access: 'read' },
    Title: { signature: 's', access: 'read' },
    Status: { signature: 's', access: 'read' },
    WindowId: { signature: 'i', access: 'read' },
    IconName: { signature: 's', access: 'read' },
    AttentionIconName: { signature: 's', access: 'read' },
    OverlayIconName: { signature: 's', access: 'read' },
    ToolTip: { signature: '(sa(iiay)ss)', access: 'read' },
    ItemIsMenu: { signature: 'b', access: 'read' },
    Menu: { signature: 'o', access: 'read' },
  },
  methods: {
    Activate: { inSignature: 'ii', outSignature: '' },
    SecondaryActivate: { inSignature: 'ii', outSignature: '' },
    ContextMenu: { inSignature: 'ii', outSignature: '' },
    Scroll: { inSignature: 'is', outSignature: '' },
  },
  signals: {
    NewStatus: { signature: 's' },
    NewTitle: { signature: '' },
    NewToolTip: { signature: '' },
  },
});

/** com.canonical.dbusmenu: a flat menu, one item per action (ids 1..n under the root 0). */
class DBusMenu extends dbus.interface.Interface {
  revision = 1;
  items: [string, string][] = [];

  constructor(private readonly onClick: (key: string) => void) {
    super('com.canonical.dbusmenu');
  }

  get Version(): number {
    return 3;
  }
  get TextDirection(): string {
    return 'ltr';
  }
  get Status(): string {
    return 'normal';
  }
  get IconThemePath(): string[] {
    return [];
  }

  private props(id: number): Record<string, Variant> {
    if (id === 0) return { 'children-display': v('s', 'submenu') };
    const item = this.items[id - 1];
    return item ? { label: v('s', item[1]), enabled: v('b', true), visible: v('b', true) } : {};
  }

  GetLayout(
    parentId: number,
    _depth: number,
    _names: string[],
  ): [number, [number, Record<string, Variant>, Variant[]]] {
    const children =
      parentId === 0
        ? this.items.map((_, i) => v('(ia{sv}av)', [i + 1, this.props(i + 1), []]))
        : [];
    return [this.revision, [parentId, this.props(parentId), children]];
  }
  GetGroupProperties(ids: number[], _names: string[]): [number, Record<string, Variant>][] {
    const wanted = ids.length > 0 ? ids : this.items.map((_, i) => i + 1);
    return wanted.map((id) => [id, this.props(id)]);
  }
  GetProperty(id: number, name: string): Variant {
    return this.props(id)[name] ?? v('s', '');
  }
  Event(id: number, eventId: string, _data: Variant, _timestamp: number): void {
    const item = this.items[id - 1];
    if (eventId === 'clicked' && item) this.onClick(item[0]);
  }
  EventGroup(events: [number, string, Variant, number][]): number[] {
    for (const [id, eventId, data, ts] of events) this.Event(id, eventId, data, ts);
    return [];
  }
  AboutToShow(_id: number): boolean {
    return false;
  }
  AboutToShowGroup(_ids: number[]): [number[], number[]] {
    return [[], []];
  }

  LayoutUpdated(revision: number, parent: number): [number, number] {
    return [revision, parent];
  }
}

DBusMenu.configureMembers({
  properties: {
    Version: { signature: 'u', access: 'read' },
    TextDirection: { signature: 's', access: 'read' },
    Status: { signature: 's', access: 'read' },
    IconThemePath: { signature: 'as', access: 'read' },
  },
  methods: {
    GetLayout: { inSignature: 'iias', outSignature: 'u(ia{sv}av)' },
    GetGroupProperties: { inSignature: 'aias', outSignature: 'a(ia{sv})' },
    GetProperty: { inSignature: 'is', outSignature: 'v' },
    Event: { inSignature: 'isvu', outSignature: '' },
    EventGroup: { inSignature: 'a(isvu)', outSignature: 'ai' },
    AboutToShow: { inSignature: 'i', outSignature: 'b' },
    AboutToShowGroup: { inSignature: 'ai', outSignature: 'aiai' },
  },
  signals: { LayoutUpdated: { signature: 'ui' } },
});

/**
 * The notifier's tray icon, registered with the StatusNotifierWatcher by the notifier itself.
 * When the watcher appears late or restarts (the panel restarted), the item registers again.
 */
export class TrayIcon {
  private readonly item: StatusNotifierItem;
  private readonly menu: DBusMenu;
  private exportedOn: dbus.MessageBus | null = null;
  private stopWatching: (() => void) | null = null;
  private shown = false;

  constructor(
    private readonly conn: BusConnection,
    handlers: { activate: () => void; action: (key: string) => void },
    private readonly log: (line: string) => void,
  ) {
    this.item = new StatusNotifierItem(handlers.activate);
    this.menu = new DBusMenu(handlers.action);
  }

  /** Shows the icon with NeedsAttention (registering it the first time), or updates its text. */
  async show(text: TrayText): Promise<void> {
    this.item.text = text;
    this.menu.items = text.menu;
    this.menu.revision += 1;
    this.export();
    if (!this.shown) {
      this.shown = true;
      this.stopWatching ??= subscribeSignals(
        this.conn,
        {
          sender: 'org.freedesktop.DBus',
          interface: 'org.freedesktop.DBus',
          member: 'NameOwnerChanged',
        },
        (_m, body) => {
          if (
            body[0] === WATCHER.destination &&
            typeof body[2] === 'string' &&
            body[2] !== '' &&
            this.shown
          )
            void this.register();
        },
      );
    }
    this.item.status = 'NeedsAttention';
    this.item.NewStatus('NeedsAttention');
    this.item.NewTitle();
    this.item.NewToolTip();
    this.menu.LayoutUpdated(this.menu.revision, 0);
    await this.register();
  }

  /** The restart happened or is no longer needed: the icon goes passive (the host hides it). */
  hide(): void {
    if (!this.shown) return;
    this.shown = false;
    this.item.status = 'Passive';
    this.item.NewStatus('Passive');
  }

  get status(): string {
    return this.item.status;
  }

  close(): void {
    this.stopWatching?.();
    this.stopWatching = null;
    if (this.exportedOn) {
      this.exportedOn.unexport(ITEM_PATH, this.item);
      this.exportedOn.unexport(MENU_PATH, this.menu);
      this.exportedOn = null;
    }
  }

  private export(): dbus.MessageBus {
    const bus = this.conn.get();
    if (this.exportedOn !== bus) {
      bus.export(ITEM_PATH, this.item);
      bus.export(MENU_PATH, this.menu);
      this.exportedOn = bus;
    }
    return bus;
  }

  private async register(): Promise<void> {
    const bus = this.export();
    // The unique name once the bus said hello; a bare path means "the sender, at this path".
    const name: unknown = Reflect.get(bus, 'name');
    try {
      await callMethod(
        this.conn,
        {
          ...WATCHER,
          member: 'RegisterStatusNotifierItem',
          signature: 's',
          body: [typeof name === 'string' && name !== '' ? name : ITEM_PATH],
        },
        { timeoutMs: 5000 },
      );
    } catch {
      // No tray host yet: NameOwnerChanged tells us when the watcher appears.
      this.log(
        'no StatusNotifierWatcher on the session bus yet; the tray icon appears when one starts',
      );
    }
  }
}
