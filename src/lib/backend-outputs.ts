// Which backend each output belongs to, for the switch, the tabs and the download. A renderer's id
// is `<backend>/<file>` (worker/render/renderer.ts; test/site/backend-outputs.test.ts holds every
// renderer to it), so the page reads the backend off the id without loading the renderers.
import type { RenderedOutput } from '../../worker/browser/protocol.ts';
import { BACKENDS, isBackendId, type BackendId } from '../../worker/options/user-options.ts';

export { BACKENDS, type BackendId };

/** The backend a renderer id names, or undefined for an id outside the convention. */
export function backendOfRenderer(id: string): BackendId | undefined {
  const prefix = id.slice(0, id.indexOf('/'));
  return isBackendId(prefix) ? prefix : undefined;
}

/** That backend's outputs, in renderer order. */
export function outputsOf(outputs: readonly RenderedOutput[], backend: BackendId): RenderedOutput[] {
  return outputs.filter((o) => backendOfRenderer(o.renderer) === backend);
}

/** The backends the outputs hold, in BACKENDS order (the switch offers these). */
export function backendsIn(outputs: readonly RenderedOutput[]): BackendId[] {
  const present = new Set(outputs.map((o) => backendOfRenderer(o.renderer)));
  return BACKENDS.filter((b) => present.has(b));
}

/** The zip's file name: the cargo2nix download keeps its old name; other choices add theirs. */
export function bundleFileName(projectName: string, backend: BackendId | 'all', lastGood = false): string {
  const which = backend === 'cargo2nix' ? '' : `-${backend === 'all' ? 'all-backends' : backend}`;
  return `${projectName}${lastGood ? '-last-working' : ''}${which}-nix.zip`;
}
