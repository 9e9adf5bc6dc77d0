import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

// Tauri loads the built files from ../ui/dist (tauri.conf.json frontendDist) and, with
// `tauri dev`, the dev server on a fixed port (devUrl).
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK 2.4x and WebView2 both understand ES2022.
    target: 'es2022',
    // Inline assets would become data: URLs in scripts; keep everything as files for the strict CSP.
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});
