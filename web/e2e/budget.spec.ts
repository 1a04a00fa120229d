// The sign-in page's weight: the compressed JavaScript and CSS it loads
// stays within 150 KiB (BENCHMARKS.md), and none of it belongs to other flows.
import { expect, test } from "./support/fixtures";

const BUDGET_BYTES = 150 * 1024;

test("the sign-in page loads at most 150 KiB of compressed JS and CSS", async ({ page }, testInfo) => {
  const pending: Promise<{ url: string; bytes: number }>[] = [];
  page.on("requestfinished", (request) => {
    const url = request.url();
    if (!/\.(js|css)$/.test(new URL(url).pathname)) return;
    pending.push(request.sizes().then((sizes) => ({ url, bytes: sizes.responseBodySize })));
  });
  await page.goto("/login", { waitUntil: "networkidle" });
  await expect(page.getByRole("button", { name: "Next" })).toBeVisible();
  const loaded = await Promise.all(pending);
  // Every script and stylesheet index.html names was counted.
  const named = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>("script[src], link[rel=stylesheet]")].map(
      (el) => ("src" in el ? el.src : el.href),
    ),
  );
  for (const url of named) expect(loaded.map((file) => file.url)).toContain(url);

  const total = loaded.reduce((sum, file) => sum + file.bytes, 0);
  const report = `/login loads ${loaded.length} JS/CSS files, ${(total / 1024).toFixed(1)} KiB compressed`;
  testInfo.annotations.push({ type: "size", description: report });
  console.log(report);
  expect(loaded.length).toBeGreaterThan(0);
  expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
});
