// Rows of the selected dataset for the virtualized preview: fetched in blocks as the analyst
// scrolls, at most two requests in flight, and blocks far from the view dropped so a million-row
// dataset costs no more memory than a small one. Scrolling fast skips the blocks passed over:
// when a request returns, the next one is chosen from where the view is now.
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import { BLOCK_ROWS, blocksFor, blocksToDrop } from '../model/rowWindow';
import { useDatasetStore } from './datasets';
import { useErrorStore } from './errors';
import { useSessionStore } from './session';

export type PreviewRow = (string | null)[];

const MAX_IN_FLIGHT = 2;

export const usePreviewStore = defineStore('preview', () => {
  const datasets = useDatasetStore();
  /** Block index → its rows. Replaced (never mutated) so the grid re-renders. */
  const blocks = shallowRef<ReadonlyMap<number, PreviewRow[]>>(new Map());
  const total = ref(0);
  let wanted: number[] = [];
  const inFlight = new Set<number>();
  // Bumped whenever the rows on screen stop being valid (another dataset, a changed column type).
  let generation = 0;
  let failed = false;

  watch(
    () => {
      const d = datasets.selected;
      return d ? `${d.id}|${JSON.stringify(d.typeOverrides ?? {})}` : '';
    },
    () => reset(),
    { immediate: true },
  );

  function reset(): void {
    generation++;
    blocks.value = new Map();
    inFlight.clear();
    failed = false;
    total.value = datasets.selected?.rows ?? 0;
    if (wanted.length === 0) wanted = [0];
    pump();
  }

  /** Rows [first, end) are on screen (overscan included); fetch what is missing. */
  function show(first: number, end: number): void {
    wanted = blocksFor(first, end);
    const drop = blocksToDrop(blocks.value.keys(), wanted);
    if (drop.length > 0) {
      const next = new Map(blocks.value);
      for (const b of drop) next.delete(b);
      blocks.value = next;
    }
    pump();
  }

  function pump(): void {
    const datasetId = datasets.selectedId;
    if (!datasetId || failed) return;
    for (const block of wanted) {
      if (inFlight.size >= MAX_IN_FLIGHT) return;
      if (blocks.value.has(block) || inFlight.has(block)) continue;
      void fetchBlock(datasetId, block);
    }
  }

  async function fetchBlock(datasetId: string, block: number): Promise<void> {
    const mine = generation;
    inFlight.add(block);
    try {
      const page = await useSessionStore()
        .lab()
        .invoke('dataset:preview', { datasetId, offset: block * BLOCK_ROWS, limit: BLOCK_ROWS });
      // A reply for rows no longer on screen (or another dataset) is dropped.
      if (mine !== generation) return;
      total.value = page.total;
      if (wanted.includes(block) || blocksToDrop([block], wanted).length === 0) {
        blocks.value = new Map(blocks.value).set(block, page.rows);
      }
    } catch (err) {
      if (mine !== generation) return;
      // One error is enough: do not repeat the same failing request on every scroll.
      failed = true;
      useErrorStore().report(err, `Reading rows of ${datasets.selected?.sourceFile ?? 'the dataset'}`, { scope: 'dataset' });
    } finally {
      if (mine === generation) {
        inFlight.delete(block);
        pump();
      }
    }
  }

  /** The row at `index`, or undefined while its block is being fetched. */
  function row(index: number): PreviewRow | undefined {
    const block = Math.floor(index / BLOCK_ROWS);
    return blocks.value.get(block)?.[index - block * BLOCK_ROWS];
  }

  return { blocks, total, show, row, reset };
});
