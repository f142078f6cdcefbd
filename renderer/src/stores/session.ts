// The connection to the engine: which client the other stores use, whether it is live, and what the
// engine told us about itself (version, backend, dialogs). Injected at start-up; tests attach a fake.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AppInfo, LabClient } from '../../../shared/contract';
import { useErrorStore } from './errors';

export type Connection = 'connecting' | 'ready' | 'disconnected';

export const useSessionStore = defineStore('session', () => {
  const client = shallowRef<LabClient | null>(null);
  const connection = ref<Connection>('connecting');
  const disconnectReason = ref<string | null>(null);
  /** While reconnecting after a drop: what is happening (the first connect has none). */
  const connectingReason = ref<string | null>(null);
  const info = ref<AppInfo | null>(null);

  const canUseDialogs = computed(() => info.value?.canUseDialogs === true);
  const ready = computed(() => connection.value === 'ready' && info.value !== null);

  function attach(next: LabClient): void {
    client.value = next;
  }

  function lab(): LabClient {
    if (!client.value) throw new Error('Regula is not connected to its engine yet.');
    return client.value;
  }

  function setConnection(state: Connection, reason?: string): void {
    connection.value = state;
    disconnectReason.value = state === 'disconnected' ? (reason ?? 'Disconnected.') : null;
    connectingReason.value = state === 'connecting' ? (reason ?? null) : null;
  }

  async function loadInfo(): Promise<void> {
    try {
      info.value = await lab().invoke('app:info', {});
    } catch (err) {
      useErrorStore().report(err, 'Asking the engine about itself');
    }
  }

  return { client, connection, disconnectReason, connectingReason, info, canUseDialogs, ready, attach, lab, setConnection, loadInfo };
});
