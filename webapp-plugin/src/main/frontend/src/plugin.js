// The as-run Cockpit plugin: one ES module default-exporting every plugin (Cockpit 7.14+ format).
import { el } from './dom.js';
import { renderRunPage } from './run-page.js';
import { renderProceduresPage } from './procedures.js';
import { renderDefinitionDiagram, renderRunsTab, renderTrendsTab } from './definition.js';
import { renderInstanceDiagram } from './instance.js';
import { renderRedlinesPage } from './redlines.js';

export default [
  {
    id: 'asrun.runPage',
    pluginPoint: 'cockpit.route',
    properties: { path: '/asrun/runs/:runId', label: '/asrun/runs' },
    render: (node) => renderRunPage(node)
  },
  {
    id: 'asrun.proceduresPage',
    pluginPoint: 'cockpit.route',
    properties: { path: '/asrun/procedures', label: '/asrun/procedures' },
    render: (node) => renderProceduresPage(node)
  },
  {
    id: 'asrun.redlinesPage',
    pluginPoint: 'cockpit.route',
    properties: { path: '/asrun/procedures/:procedureId/redlines', label: '/asrun/procedures/redlines' },
    render: (node) => renderRedlinesPage(node)
  },
  {
    id: 'asrun.navigation',
    pluginPoint: 'cockpit.navigation',
    priority: 10,
    properties: { pagePath: '#/asrun/procedures', label: 'As-run', checkActive: (path) => path.includes('#/asrun') },
    render: (node) => node.appendChild(el('a', { href: '#/asrun/procedures', 'data-asrun-nav': true }, 'As-run'))
  },
  {
    id: 'asrun.definitionDiagram',
    pluginPoint: 'cockpit.processDefinition.diagram.plugin',
    render: (viewer) => renderDefinitionDiagram(viewer)
  },
  {
    id: 'asrun.runsTab',
    pluginPoint: 'cockpit.processDefinition.runtime.tab',
    properties: { label: 'As-run runs' },
    render: (node, props) => renderRunsTab(node, props)
  },
  {
    id: 'asrun.trendsTab',
    pluginPoint: 'cockpit.processDefinition.runtime.tab',
    properties: { label: 'As-run trends' },
    render: (node, props) => renderTrendsTab(node, props)
  },
  {
    id: 'asrun.instanceDiagram',
    pluginPoint: 'cockpit.processInstance.diagram.plugin',
    render: (viewer) => renderInstanceDiagram(viewer)
  }
];
