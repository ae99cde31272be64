// The procedures page, #/asrun/procedures: every procedure with its lifecycle state and recent
// runs, the charts of one procedure's trend and step durations, and compliance by executor and by
// equipment. The page is live: it polls and redraws what changed while runs progress.
import { el, replace, table } from './dom.js';
import { get, pluginUrl, redlinesHref } from './api.js';
import { runsTable } from './runs.js';
import { procedureCharts } from './charts.js';
import { poll } from './live.js';

function compliance(title, rows, attribute) {
  return el('div', {}, el('h2', {}, title), rows.length
    ? table(['', 'Ended runs', 'Completed', 'Without deviations', 'Compliance'],
      rows.map((r) => [r.id, String(r.runs), String(r.completed), String(r.without_deviations),
        `${Math.round(r.compliance_rate * 100)}%`]), { [attribute]: true })
    : el('p', {}, 'No ended runs yet.'));
}

export function renderProceduresPage(node) {
  const page = el('div', { class: 'asrun-page', 'data-asrun-page': 'procedures' }, 'Loading procedures…');
  node.appendChild(page);
  const lists = el('div', {});
  const trends = trendsSection();
  let shown = '';
  let updates = 0;
  async function refresh() {
    const data = await get(pluginUrl('procedures'));
    const text = JSON.stringify(data);
    if (text !== shown) {
      shown = text;
      replace(lists,
        table(['Procedure', 'Name', 'State', 'Triggered', 'Active', 'Runs', ''],
          data.procedures.map((p) => [
            el('a', { href: `#/process-definition/${encodeURIComponent(p.process_definition_id)}/runtime` }, p.procedure_id),
            el('span', { 'data-asrun-procedure-name': p.procedure_id }, p.name),
            el('span', { 'data-asrun-state': p.state }, p.state),
            String(p.triggered), String(p.active), String(p.runs),
            el('a', { href: redlinesHref(p.procedure_id), 'data-asrun-redlines-link': p.procedure_id }, 'Redlines')]),
          { 'data-asrun-procedures': true }),
        el('h2', {}, 'Recent runs'),
        data.procedures.filter((p) => p.recent.length).map((p) =>
          el('div', {}, el('h3', {}, p.name), runsTable(p.recent))),
        compliance('Compliance by executor', data.by_executor, 'data-asrun-by-executor'),
        compliance('Compliance by equipment', data.by_equipment, 'data-asrun-by-equipment'));
      trends.offer(data.procedures);
      page.setAttribute('data-asrun-updates', ++updates);
    }
    await trends.refresh();
  }
  (async () => {
    try {
      await refresh();
      replace(page, el('h1', {}, 'Procedures'), trends.node, lists);
      page.setAttribute('data-asrun-ready', 'true');
      poll(page, refresh);
    } catch (error) {
      replace(page, el('p', { class: 'asrun-error' }, `Procedures unavailable: ${error.message}`));
    }
  })();
}

/** The charts of the procedure chosen (at first the one with the most runs). */
function trendsSection() {
  const choice = el('select', { name: 'procedure', 'data-asrun-trend-procedure': true });
  const body = el('div', {});
  const node = el('section', { 'data-asrun-trends': true }, el('h2', {}, 'Trends'),
    el('label', {}, 'Procedure ', choice), body);
  let charts = null;
  function show(procedureId) {
    charts = procedureCharts(procedureId);
    replace(body, charts.node);
  }
  choice.addEventListener('change', () => show(choice.value));
  return {
    node,
    offer(procedures) {
      const chosen = choice.value;
      const ids = procedures.map((p) => p.procedure_id);
      replace(choice, ids.map((id) => el('option', { value: id }, id)));
      const busiest = [...procedures].sort((a, b) => b.runs - a.runs)[0];
      const id = ids.includes(chosen) ? chosen : busiest?.procedure_id;
      if (!id) return;
      choice.value = id;
      if (id !== chosen) show(id);
    },
    refresh: () => (charts ? charts.refresh() : Promise.resolve())
  };
}
