import { defineConfig } from 'vite';

// The UI lives in ui/ and is built into ui/dist, which both the desktop app (Tauri's
// frontendDist) and `yishi serve` load. Relative base: the files work from any path.
export default defineConfig({
  root: 'ui',
  base: './',
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebView2 (Windows), WKWebView (macOS), WebKitGTK (Linux) and current browsers.
    target: ['es2021', 'chrome100', 'safari15'],
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    strictPort: true,
    // `npm run dev` talks to a running `yishi serve --port 8765`.
    proxy: { '/api': 'http://127.0.0.1:8765' },
  },
});
