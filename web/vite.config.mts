/**
 * The workbench's build: Vue single-file components, Vant, the shared domain/ rules bundled in
 * (never copied), output in web/dist (git-ignored) served by the API at /app/. A small plugin
 * writes the service worker with the exact list of built files, so the shell works offline.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';

const BASE = '/app/';
const HERE = path.dirname(fileURLToPath(import.meta.url));

function serviceWorker(): Plugin {
  let outDir = '';
  return {
    name: 'onevisit-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map')).sort();
      // The leader's dashboard (ECharts, ~190 KB gzip) is left to the network: its figures need
      // the network anyway, and every inspector's phone would otherwise download it in the field.
      const offline = files.filter((f) => !f.startsWith('assets/Dashboard-'));
      // public/ files are copied, not bundled: the manifest is listed by hand.
      const precache = [BASE, `${BASE}manifest.webmanifest`, `${BASE}favicon.svg`, ...offline.map((f) => BASE + f)];
      // A new build gets a new cache name, so a phone drops the old shell on the next visit.
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const template = fs.readFileSync(path.resolve(HERE, 'src/sw-template.js'), 'utf8');
      const source = template.replace('__VERSION__', version).replace('__PRECACHE__', JSON.stringify(precache));
      fs.writeFileSync(path.join(outDir, 'sw.js'), source);
    },
  };
}

/**
 * Vant's icon font is inlined as a data: URL with a fallback on a public CDN; the phone must never
 * ask a third party (the page's CSP refuses it, and a village has no network anyway).
 */
function noCdnFont(): Plugin {
  return {
    name: 'onevisit-no-cdn-font',
    apply: 'build',
    // Before bundling, so the stylesheet's hashed name follows its content.
    transform(code, id) {
      if (!id.endsWith('.css')) return null;
      return code.replace(/,\s*url\((?:https?:)?\/\/at\.alicdn\.com[^)]*\)\s*format\(["']woff["']\)/g, '');
    },
  };
}

export default defineConfig({
  root: HERE,
  base: BASE,
  plugins: [vue(), noCdnFont(), serviceWorker()],
  build: {
    outDir: path.resolve(HERE, 'dist'),
    emptyOutDir: true,
    // Field phones: one small entry, no source maps shipped.
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
