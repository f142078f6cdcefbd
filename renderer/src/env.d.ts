/// <reference types="vite/client" />
import type { PreloadBridge } from '../../shared/contract';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare global {
  interface Window {
    /** Present only in Electron: the preload's typed bridge. */
    lab?: PreloadBridge;
  }
}
