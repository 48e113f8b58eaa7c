import type { ChooseFolderResult, FolderList } from '../../../shared/schemas/files';
import { failed, idle, loading, ready, toErrorPayload, type AsyncState } from './async';
import type { SliceCreator } from './types';

/** Whether the host has a folder dialog of its own; 'unknown' until first asked. */
export type NativePicker = 'unknown' | 'yes' | 'no';

export interface PickerSlice {
  nativePicker: NativePicker;
  /** The folder the in-app chooser shows (browser host). */
  pickerFolders: AsyncState<FolderList>;
  /**
   * Asks the host's own dialog (Electron) for a folder. 'unavailable' (also once the host said
   * it has none, without asking again) means: show the in-app chooser instead.
   */
  chooseFolderNatively(title: string, startAt?: string): Promise<ChooseFolderResult>;
  /** Shows the subfolders of `path` in the in-app chooser. */
  openPickerFolder(path: string): Promise<void>;
}

export const createPickerSlice: SliceCreator<PickerSlice> =
  ({ client }) =>
  (set, get) => ({
    nativePicker: 'unknown',
    pickerFolders: idle(),
    async chooseFolderNatively(title, startAt) {
      if (get().nativePicker === 'no') return { outcome: 'unavailable' };
      try {
        const result = await client.call(
          'desktop.chooseFolder',
          startAt === undefined ? { title } : { title, startAt },
        );
        set({ nativePicker: result.outcome === 'unavailable' ? 'no' : 'yes' });
        return result;
      } catch {
        // A host that cannot answer this still gets a way to choose: the in-app chooser.
        return { outcome: 'unavailable' };
      }
    },
    async openPickerFolder(path) {
      set((s) => ({ pickerFolders: loading(s.pickerFolders) }));
      try {
        const list = await client.call('files.folders', { path });
        set({ pickerFolders: ready(list) });
      } catch (err) {
        set((s) => ({ pickerFolders: failed(toErrorPayload(err), s.pickerFolders.data) }));
      }
    },
  });
