// Sandboxed preload (built to CommonJS, everything bundled: a sandboxed preload can require only
// `electron`). It exposes exactly two functions as `window.lab` and never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('lab', createBridge(ipcRenderer));
