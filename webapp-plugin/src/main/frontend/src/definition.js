// The process definition page: per-step badges over the procedure's runs (with filters) on
// Cockpit's diagram with a link to the procedure's redlines, a runs tab, and a trends tab (the
// charts of the procedure's runs).
import { el, replace } from './dom.js';
import { get, pluginUrl, engineUrl, idFromHash, redlinesHref } from './api.js';
import { drawFigures } from './marks.js';
import { runsTable } from './runs.js';
import { procedureCharts } from './charts.js';
import { filterForm } from './filters.js';

async function procedureKey(processDefinitionId) {
  const definition = await get(engineUrl(`process-definition/${encodeURIComponent(processDefinitionId)}`));
  return definition.key;
}

/** cockpit.processDefinition.diagram.plugin: Cockpit passes its viewer. */
export function renderDefinitionDiagram(viewer) {
  const processDefinitionId = idFromHash('process-definition');
  if (!processDefinitionId) return;
  const status = el('span', { 'data-asrun-figures-status': true });
  const redlines = el('a', { 'data-asrun-redlines-link': true, hidden: true }, 'Redlines');
  const form = filterForm('asrun-diagram-filters', (parameters) => refresh(parameters), status, redlines);
  viewer.get('canvas').getContainer().appendChild(form);
  let key;
  async function refresh(parameters) {
    try {
      key = key || await procedureKey(processDefinitionId);
      redlines.setAttribute('href', redlinesHref(key));
      redlines.removeAttribute('hidden');
      const figures = await get(pluginUrl(`procedures/${encodeURIComponent(key)}/steps${parameters}`));
      drawFigures(viewer, figures);
      replace(status, `over ${figures.runs} runs`);
      status.setAttribute('data-asrun-runs', figures.runs);
      status.setAttribute('data-asrun-procedure', key);
    } catch (error) {
      replace(status, `As-run figures unavailable: ${error.message}`);
    }
  }
  refresh('');
}

/** cockpit.processDefinition.runtime.tab: the procedure's runs. */
export function renderRunsTab(node, { processDefinitionId }) {
  const body = el('div', { 'data-asrun-runs-tab': true }, 'Loading runs…');
  node.appendChild(body);
  (async () => {
    try {
      const key = await procedureKey(processDefinitionId || idFromHash('process-definition'));
      const page = await get(pluginUrl(`runs?procedure_id=${encodeURIComponent(key)}&max=200`));
      replace(body, el('p', {}, `${page.count} runs of ${key}, newest first`), runsTable(page.runs));
    } catch (error) {
      replace(body, el('p', { class: 'asrun-error' }, `Runs unavailable: ${error.message}`));
    }
  })();
}

/** cockpit.processDefinition.runtime.tab: the charts of the procedure's runs over time. */
export function renderTrendsTab(node, { processDefinitionId }) {
  const body = el('div', { 'data-asrun-trends-tab': true }, 'Loading trends…');
  node.appendChild(body);
  (async () => {
    try {
      const key = await procedureKey(processDefinitionId || idFromHash('process-definition'));
      replace(body, procedureCharts(key).node);
    } catch (error) {
      replace(body, el('p', { class: 'asrun-error' }, `Trends unavailable: ${error.message}`));
    }
  })();
}
