import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, type FieldworkBridge } from '../../core/api/channel';

// The whole bridge: one function on one channel. The main process validates everything it receives.
const api: FieldworkBridge = {
  invoke: (command: string, input: unknown) => ipcRenderer.invoke(IPC_CHANNEL, { command, input }),
};

contextBridge.exposeInMainWorld('api', api);
