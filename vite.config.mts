import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served from app://fieldwork/ in Electron and from 127.0.0.1 in tests: relative
// asset paths work for both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
});
