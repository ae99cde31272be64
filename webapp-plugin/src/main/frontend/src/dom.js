// DOM building without HTML parsing: every text from the record (names from TOML, reasons,
// observations, corrections) goes in as textContent, never as markup.

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the node's content with the children. */
export function replace(node, ...children) {
  while (node.firstChild) node.removeChild(node.firstChild);
  append(node, children);
}

/** A definition list of [label, value] pairs; empty values are left out. */
export function facts(pairs) {
  return el('dl', { class: 'asrun-facts' },
    pairs.filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([label, value]) => [el('dt', {}, label), el('dd', {}, value)]));
}

/** A table with a header row and rows of cells (strings or nodes). */
export function table(headers, rows, attributes = {}) {
  return el('table', { class: 'asrun-table', ...attributes },
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c))))));
}

/** A duration in milliseconds as text, e.g. "1 h 2 min", "12.3 s". */
export function duration(ms) {
  if (ms === null || ms === undefined) return '';
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.round(ms / 60000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** An ISO instant as the browser's local date and time. */
export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}
