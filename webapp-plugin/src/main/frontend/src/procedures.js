// The procedures page, #/asrun/procedures: every procedure with its lifecycle state and recent
// runs, and compliance by executor and by equipment.
import { el, replace, table } from './dom.js';
import { get, pluginUrl, redlinesHref } from './api.js';
import { runsTable } from './runs.js';

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
  (async () => {
    try {
      const data = await get(pluginUrl('procedures'));
      replace(page,
        el('h1', {}, 'Procedures'),
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
      page.setAttribute('data-asrun-ready', 'true');
    } catch (error) {
      replace(page, el('p', { class: 'asrun-error' }, `Procedures unavailable: ${error.message}`));
    }
  })();
}
