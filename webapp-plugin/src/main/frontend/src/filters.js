// The filters of the analytics reads (time range, executor, equipment, location) as a form, and
// the query string it makes.
import { el } from './dom.js';

/** [query parameter, label, input type] of each filter. */
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

/**
 * The filter form (class asrun-filters plus extraClass), followed by the extra nodes; on Apply it
 * calls apply with the query string of the filled filters ("?..." or "").
 */
export function filterForm(extraClass, apply, ...extra) {
  const inputs = Object.fromEntries(FILTERS.map(([name, , type]) => [name, el('input', { type, name, size: 10 })]));
  const form = el('form', { class: `asrun-filters ${extraClass}`.trim(), 'data-asrun-filters': true },
    FILTERS.map(([name, label]) => el('label', {}, label, inputs[name])),
    el('button', { type: 'submit', class: 'btn btn-default btn-xs' }, 'Apply'), extra);
  form.addEventListener('submit', (event) => { event.preventDefault(); apply(query(inputs)); });
  return form;
}
