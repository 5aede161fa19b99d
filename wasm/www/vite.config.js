import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  base: "./",
  worker: { format: "es" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 1024 },
  // The examples come from the repository's fixtures/ and the module from wasm/pkg/.
  server: { fs: { allow: [repo] } },
});
