// Cockpit's own process instance page (running instances): the run's marks and a link to its
// run page.
import { el } from './dom.js';
import { get, pluginUrl, idFromHash, runHref } from './api.js';
import { drawMarks } from './marks.js';

export function renderInstanceDiagram(viewer) {
  const processInstanceId = idFromHash('process-instance');
  if (!processInstanceId) return;
  (async () => {
    try {
      const { run_id: runId } = await get(pluginUrl(`process-instances/${encodeURIComponent(processInstanceId)}/run`));
      const data = await get(pluginUrl(`runs/${encodeURIComponent(runId)}`));
      drawMarks(viewer, data.marks);
      viewer.get('canvas').getContainer().appendChild(
        el('a', { class: 'asrun-run-link', href: runHref(runId), 'data-asrun-run-link': runId }, 'As-run record of this run'));
    } catch (error) {
      viewer.get('canvas').getContainer().appendChild(
        el('span', { class: 'asrun-run-link asrun-error' }, `As-run marks unavailable: ${error.message}`));
    }
  })();
}
