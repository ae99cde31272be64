// The process definition page: per-step badges over the procedure's runs (with filters) on
// Cockpit's diagram, a runs tab, and a trends tab (the charts of the procedure's runs).
import { el, replace } from './dom.js';
import { get, pluginUrl, engineUrl, idFromHash } from './api.js';
import { drawFigures } from './marks.js';
import { runsTable } from './runs.js';
import { procedureCharts } from './charts.js';

async function procedureKey(processDefinitionId) {
  const definition = await get(engineUrl(`process-definition/${encodeURIComponent(processDefinitionId)}`));
  return definition.key;
}

const FILTERS = [
  ['from', 'From', 'datetime-local'],
  ['to', 'To', 'datetime-local'],
  ['executor_id', 'Executor', 'text'],
  ['equipment_id', 'Equipment', 'text'],
  ['location', 'Location', 'text']
];

function query(inputs) {
  const parameters = new URLSearchParams();
  for (const [name, input] of Object.entries(inputs)) {
    if (!input.value) continue;
    parameters.set(name, input.type === 'datetime-local' ? new Date(input.value).toISOString() : input.value);
  }
  const text = parameters.toString();
  return text ? `?${text}` : '';
}

/** cockpit.processDefinition.diagram.plugin: Cockpit passes its viewer. */
export function renderDefinitionDiagram(viewer) {
  const processDefinitionId = idFromHash('process-definition');
  if (!processDefinitionId) return;
  const inputs = Object.fromEntries(FILTERS.map(([name, , type]) => [name, el('input', { type, name, size: 10 })]));
  const status = el('span', { 'data-asrun-figures-status': true });
  const form = el('form', { class: 'asrun-filters asrun-diagram-filters', 'data-asrun-filters': true },
    FILTERS.map(([name, label]) => el('label', {}, label, inputs[name])),
    el('button', { type: 'submit', class: 'btn btn-default btn-xs' }, 'Apply'), status);
  viewer.get('canvas').getContainer().appendChild(form);
  let key;
  async function refresh() {
    try {
      key = key || await procedureKey(processDefinitionId);
      const figures = await get(pluginUrl(`procedures/${encodeURIComponent(key)}/steps${query(inputs)}`));
      drawFigures(viewer, figures);
      replace(status, `over ${figures.runs} runs`);
      status.setAttribute('data-asrun-runs', figures.runs);
      status.setAttribute('data-asrun-procedure', key);
    } catch (error) {
      replace(status, `As-run figures unavailable: ${error.message}`);
    }
  }
  form.addEventListener('submit', (event) => { event.preventDefault(); refresh(); });
  refresh();
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
