// Build, dev server and unit-test settings for the portal's web front end.
import react from "@vitejs/plugin-react";
import type { ProxyOptions } from "vite";
import { defineConfig } from "vitest/config";

// The gateway (grpc-web and native gRPC) that the dev server forwards API
// calls to. Page requests stay with Vite; only POSTs to an RPC path go on.
const gateway = process.env.PORTAL_GATEWAY_URL ?? "http://127.0.0.1:8080";

const rpcProxy: ProxyOptions = {
  target: gateway,
  changeOrigin: false,
  bypass: (req) => (req.method === "POST" ? undefined : req.url),
};

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    target: "es2022",
    sourcemap: false,
    // The gateway serves index.html with a strict CSP: no inline scripts or
    // styles, so keep every asset a file of its own.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    port: 3000,
    strictPort: true,
    proxy: { "^/portal\\.": rpcProxy, "^/grpc\\.": rpcProxy },
  },
  preview: {
    port: 3000,
    strictPort: true,
    proxy: { "^/portal\\.": rpcProxy, "^/grpc\\.": rpcProxy },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
