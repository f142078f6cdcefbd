// What the desktop shell does around a successful request, without the engine knowing: a project
// that opened goes into the OS's recent documents, a run that started gets a taskbar progress bar.
// The wrapped handlers answer exactly as before; a failing side effect never fails the request.
import type { Handlers } from '../../shared/contract';

export interface ShellEffects {
  projectOpened(projectPath: string): void;
  runStarted(runId: string, epochs: number): void;
}

export function withShellEffects(handlers: Handlers, effects: ShellEffects): Handlers {
  const quietly = (effect: () => void): void => {
    try {
      effect();
    } catch (err) {
      console.warn('Regula: a desktop side effect failed', err);
    }
  };
  return {
    ...handlers,
    'project:create': async (payload) => {
      const project = await handlers['project:create'](payload);
      quietly(() => effects.projectOpened(project.path));
      return project;
    },
    'project:open': async (payload) => {
      const project = await handlers['project:open'](payload);
      quietly(() => effects.projectOpened(project.path));
      return project;
    },
    'project:openDialog': async (payload) => {
      const project = await handlers['project:openDialog'](payload);
      if (project) quietly(() => effects.projectOpened(project.path));
      return project;
    },
    'run:start': async (spec) => {
      const started = await handlers['run:start'](spec);
      quietly(() => effects.runStarted(started.runId, spec.epochs));
      return started;
    },
  };
}
