// The one place a project change resets the page: every store that holds something of the open
// project is cleared here, in one go, and then the new project's lists are read. Stores do not each
// watch the project themselves, so none can be forgotten or run in a surprising order.
import { useComparisonStore } from './comparison';
import { useDatasetStore } from './datasets';
import { useErrorStore } from './errors';
import { useExportStore } from './exports';
import { useManageStore } from './manage';
import { useMetricsStore } from './metrics';
import { usePredictionStore } from './predictions';
import { useRunStore } from './runs';
import { useSweepStore } from './sweeps';

export async function enterProject(path: string | null): Promise<void> {
  useErrorStore().clear();
  useComparisonStore().reset();
  useManageStore().reset();
  usePredictionStore().reset();
  useExportStore().reset();
  useMetricsStore().reset();
  const runs = useRunStore();
  const sweeps = useSweepStore();
  runs.reset();
  sweeps.reset();
  // The dataset store picks the newest dataset; the form and the preview follow the selection.
  useDatasetStore().reset();
  if (path) await Promise.all([runs.refresh(), sweeps.refresh()]);
}
