// Chooses the transport at start-up: the preload bridge inside Electron, the local WebSocket in a
// browser. Either way the stores get the same LabClient.
import type { Pinia } from 'pinia';
import { createLabClient } from '../../shared/client';
import { LabError } from '../../shared/contract';
import { labProtocols } from '../../shared/wire';
import { createPreloadTransport } from './transport/preloadTransport';
import { createSocketTransport, tokenFromHash } from './transport/socketTransport';
import { runMenuCommand } from './menuCommands';
import { useDatasetStore } from './stores/datasets';
import { useErrorStore } from './stores/errors';
import { useProjectStore } from './stores/project';
import { useRunStore } from './stores/runs';
import { useSessionStore } from './stores/session';
import { useSweepStore } from './stores/sweeps';

// Replies and events are parsed with the contract's schemas in development (and in tests, which
// build their own clients); a production build trusts the engine it ships with and saves the time
// on long curves.
const checkReplies = import.meta.env.DEV;

export async function connect(pinia: Pinia): Promise<void> {
  const session = useSessionStore(pinia);

  if (window.lab) {
    session.attach(createLabClient(createPreloadTransport(window.lab), { validate: checkReplies }));
    session.setConnection('ready');
  } else {
    const token = tokenFromHash(window.location.hash);
    if (!token) {
      session.setConnection(
        'disconnected',
        'This page was opened without its session token. Open the link Regula printed when it started (it ends in #token=…).',
      );
      return;
    }
    const transport = createSocketTransport(() => new WebSocket(`ws://${window.location.host}/lab`, labProtocols(token)), token, {
      serverAnswers: () => fetch('/', { method: 'HEAD', cache: 'no-store' }).then((r) => r.ok, () => false),
    });
    transport.onStateChange((state, reason, reconnected) => {
      session.setConnection(state, reason);
      // Events sent while the socket was down are lost: read the lists again.
      if (reconnected && useProjectStore(pinia).current) {
        void useRunStore(pinia).refresh();
        void useSweepStore(pinia).refresh();
      }
    });
    session.attach(createLabClient(transport, { validate: checkReplies }));
    try {
      await transport.ready;
    } catch {
      return; // the state listener has already shown why
    }
  }

  useDatasetStore(pinia).listen();
  useRunStore(pinia).listen();
  useSweepStore(pinia).listen();
  session.lab().on('menu:command', (payload) => void runMenuCommand(pinia, payload));
  // Another process took the project over: this window writes nothing more; say so where errors go.
  session.lab().on('project:lockLost', ({ message }) => {
    useErrorStore(pinia).report(new LabError({ code: 'lock-lost', message }), 'Keeping the project open');
  });
  await Promise.all([session.loadInfo(), useProjectStore(pinia).loadRecent()]);
}
