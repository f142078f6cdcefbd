// Entry of the engine host's utility process (built to out/main/hostProcess.js). Electron gives a
// utility process `process.parentPort`; everything else is in hostService.ts.
import { startHostService, type ParentPortLike } from './hostService';

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  console.error('Regula host: started outside an Electron utility process; nothing to serve.');
  process.exit(1);
}
startHostService(parentPort);
