// Bundles src/plugin.js (with the bpmn-js viewer) into one ES module and src/plugin.css into one
// stylesheet, in the folder given as the first argument.
import { build } from 'esbuild';

const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs OUTPUT_DIR');
  process.exit(2);
}

await build({
  entryPoints: { plugin: 'src/plugin.js' },
  outdir: out,
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'warning'
});

await build({
  entryPoints: { plugin: 'src/plugin.css' },
  outdir: out,
  bundle: true,
  minify: true,
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl', '.svg': 'dataurl' },
  logLevel: 'warning'
});
