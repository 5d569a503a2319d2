import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: '../target/classes/static/app',
    emptyOutDir: true,
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
} as never);
