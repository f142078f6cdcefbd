// Browser mode's server in a child process for bench/upload.ts, so its memory is measured alone.
// Prints its port on stdout once listening. Not used by the app.
import { startWebServer } from '../electron/web/server';

const [projectsDir, stateDir, staticDir] = process.argv.slice(2) as [string, string, string];
const server = await startWebServer({ projectsDir, stateDir, staticDir, token: 'bench', version: 'bench', backendPreference: 'wasm' });
process.stdout.write(`${server.port}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
