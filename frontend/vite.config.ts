import { defineConfig } from 'vite';

// The app is built into the server's static resources and served from its root.
export default defineConfig({
  build: {
    outDir: '../target/classes/static',
    emptyOutDir: false,
    assetsDir: 'assets',
  },
  server: {
    proxy: { '/api': 'http://localhost:8080', '/ws': { target: 'ws://localhost:8080', ws: true } },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
} as never);
