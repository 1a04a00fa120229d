// The `test` every spec uses: Playwright's, with `baseURL` pointed at the
// gateway that global setup started, and a fresh address per test.
import { test as base, expect } from "@playwright/test";

export { expect };

let counter = 0;

export const test = base.extend<{ uniqueEmail: (label: string) => string }>({
  baseURL: async ({}, use) => {
    const url = process.env.PORTAL_E2E_BASE_URL;
    if (!url) throw new Error("PORTAL_E2E_BASE_URL is not set: run through playwright test");
    await use(url);
  },
  uniqueEmail: async ({}, use, testInfo) => {
    await use((label: string) => {
      counter += 1;
      return `${label}.${testInfo.workerIndex}.${Date.now()}.${counter}@demo.example`;
    });
  },
});

/** The password `gateway --demo` printed for `email`. */
export function demoPassword(email: string): string {
  const demo = JSON.parse(process.env.PORTAL_E2E_DEMO ?? "{}") as Record<string, string>;
  const password = demo[email];
  if (!password) throw new Error(`no demo password for ${email}: was the data directory fresh?`);
  return password;
}
