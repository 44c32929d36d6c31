import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNEL, MENU_ACTIONS, MENU_CHANNEL, type FieldworkBridge, type MenuAction } from '../../core/api/channel';

// The whole bridge: one request channel and one menu-action channel. The main process validates
// everything it receives; the renderer gets only known action names, never the event object.
const api: FieldworkBridge = {
  invoke: (command: string, input: unknown) => ipcRenderer.invoke(IPC_CHANNEL, { command, input }),
  onMenu: (listener: (action: MenuAction) => void) => {
    const handler = (_event: IpcRendererEvent, action: unknown) => {
      if ((MENU_ACTIONS as readonly unknown[]).includes(action)) listener(action as MenuAction);
    };
    ipcRenderer.on(MENU_CHANNEL, handler);
    return () => ipcRenderer.removeListener(MENU_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('api', api);
