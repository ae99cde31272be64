// Live pages: a page polls its data while it is shown. The poll stops for good once the page's
// node has left the document (Cockpit replaced the route), and skips its turn while the browser tab
// is hidden; one request at a time, the next one INTERVAL_MS after the previous answer.

/** How often a live page asks for its data again. */
export const INTERVAL_MS = 5000;

/**
 * Calls tick() every INTERVAL_MS while node is in the document; tick may be async, and stops the
 * polling by answering false (e.g. once a run has ended).
 */
export function poll(node, tick) {
  async function next() {
    if (!node.isConnected) return;
    if (!document.hidden) {
      try {
        if (await tick() === false) return;
      } catch (error) {
        node.setAttribute('data-asrun-live-error', error.message);
      }
    }
    setTimeout(next, INTERVAL_MS);
  }
  setTimeout(next, INTERVAL_MS);
}

/** Whether the user is typing or choosing in a form inside node (a redraw would lose it). */
export function editing(node) {
  const active = document.activeElement;
  return Boolean(active && node.contains(active) && ['INPUT', 'TEXTAREA', 'SELECT'].includes(active.tagName));
}
