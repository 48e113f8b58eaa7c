import type { ServiceState } from '../../../shared/schemas/status';

/** Which well-known services are on the system bus (for family detection and "service missing"). */
export interface ServiceNamesPort {
  state(name: string): Promise<ServiceState>;
}

/** Scheduled restart as the system holds it (logind ScheduledShutdown), for status.restart. */
export interface RestartPort {
  scheduled(): Promise<{ type: string; at: Date } | null>;
}

/** The desktop's file manager (org.freedesktop.FileManager1 on the session bus). */
export interface FileManagerPort {
  showItems(paths: string[]): Promise<void>;
}

/** The host's own "choose a folder" dialog (Electron's native one); the browser host has none. */
export interface FolderPickerPort {
  /** The chosen folder, or null when the person cancelled. */
  choose(options: { title: string; startAt: string }): Promise<string | null>;
}
