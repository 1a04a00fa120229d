// Starts what every test shares: a real SMTP server that keeps each
// delivered message as a file, and the real gateway (embedded mode, a fresh
// SQLite directory, `--demo` accounts) pointed at it. Tests find them
// through environment variables (see ./support/env.ts). Both stop when the
// run ends.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SMTPServer } from "smtp-server";

const gatewayBinary =
  process.env.PORTAL_GATEWAY_BIN ?? resolve(import.meta.dirname, "../../target/debug/gateway");

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = mkdtempSync(join(tmpdir(), "portal-e2e-"));
  const mailDir = join(root, "caught-mail");
  mkdirSync(mailDir);

  const smtp = await startSmtp(mailDir);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const gateway = spawn(gatewayBinary, ["--demo"], {
    env: {
      ...process.env,
      PORTAL_DATA_DIR: join(root, "data"),
      PORTAL_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      PORTAL_PUBLIC_URL: baseUrl,
      GATEWAY_LISTEN: `127.0.0.1:${port}`,
      // Every test signs in from 127.0.0.1; the per-IP limit has its own
      // Rust tests.
      GATEWAY_RATE_LIMIT_PER_MINUTE: "100000",
      RUST_LOG: process.env.RUST_LOG ?? "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const demo = await demoAccounts(gateway.stdout, baseUrl);

  process.env.PORTAL_E2E_BASE_URL = baseUrl;
  process.env.PORTAL_E2E_MAIL_DIR = mailDir;
  process.env.PORTAL_E2E_DEMO = JSON.stringify(demo);
  writeFileSync(join(root, "demo.json"), JSON.stringify({ baseUrl, demo }, null, 2));

  return async () => {
    const exited =
      gateway.exitCode === null ? new Promise((done) => gateway.once("exit", done)) : Promise.resolve();
    gateway.kill("SIGTERM");
    await exited;
    await new Promise<void>((done) => smtp.server.close(() => done()));
    rmSync(root, { recursive: true, force: true });
  };
}

/** An SMTP server on a free loopback port writing each message to `dir`. */
async function startSmtp(dir: string): Promise<{ server: SMTPServer; port: number }> {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        count += 1;
        const name = `${Date.now()}-${String(count).padStart(5, "0")}.eml`;
        writeFileSync(join(dir, name), Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.server.address() as AddressInfo;
  return { server, port };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

/** Reads the gateway's start-up lines until it listens: the demo
 *  accounts' passwords come first. */
async function demoAccounts(
  stdout: NodeJS.ReadableStream | null,
  baseUrl: string,
): Promise<Record<string, string>> {
  if (!stdout) throw new Error("the gateway has no stdout");
  const accounts: Record<string, string> = {};
  let text = "";
  return new Promise((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`the gateway did not start on ${baseUrl}:\n${text}`)),
      60_000,
    );
    stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      for (const match of text.matchAll(/^\s+(\S+@\S+)\s+password: (\S+)/gm)) {
        accounts[match[1]!] = match[2]!;
      }
      if (text.includes("listening on")) {
        clearTimeout(timer);
        done(accounts);
      }
    });
    stdout.on("end", () => fail(new Error(`the gateway exited:\n${text}`)));
  });
}
