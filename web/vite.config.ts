import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The dashboard is a static bundle the API process serves from web/dist (src/api/routes/web/).
// Every asset gets a content hash in its name so the server can mark it immutable for a year;
// only index.html is revalidated. No inline scripts: the CSP forbids them.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Inlined assets would become data: URLs the CSP would have to allow.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
