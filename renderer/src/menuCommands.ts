// Native menu items (Electron only) arrive as `menu:command` events; they run the same flows the
// page's own buttons run, so the stores stay the single owner of state.
import type { Pinia } from 'pinia';
import type { EventOf } from '../../shared/contract';
import { useDatasetStore } from './stores/datasets';
import { useErrorStore } from './stores/errors';
import { useProjectStore } from './stores/project';
import { useRunStore } from './stores/runs';

export async function runMenuCommand(pinia: Pinia, { command }: EventOf<'menu:command'>): Promise<void> {
  const project = useProjectStore(pinia);
  if (command === 'project:open') {
    await project.openDialog();
  } else if (command === 'dataset:import') {
    if (!project.current) {
      useErrorStore(pinia).report(new Error('Open or create a project before importing data.'), 'Importing a file', { scope: 'project' });
      return;
    }
    await useDatasetStore(pinia).importDialog();
  } else if (command === 'project:new') {
    if (useRunStore(pinia).training) {
      useErrorStore(pinia).report(new Error('A model is still training; cancel it or wait before starting another project.'), 'New project', { scope: 'project' });
      return;
    }
    if (project.current) await project.close();
    project.askForNewName();
  }
}
