// Tests of the short, readable user agent in the session list.
import { describe, expect, it } from "vitest";
import { shortUserAgent } from "./userAgent";

describe("shortUserAgent", () => {
  it("names common browsers and systems", () => {
    expect(
      shortUserAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      ),
    ).toBe("Chrome 131 on Windows");
    expect(
      shortUserAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
      ),
    ).toBe("Edge 131 on Windows");
    expect(shortUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")).toBe(
      "Firefox 128 on Linux",
    );
    expect(
      shortUserAgent(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
      ),
    ).toBe("Safari 17 on macOS");
    expect(
      shortUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari 17 on iOS");
    expect(
      shortUserAgent(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
      ),
    ).toBe("Chrome 131 on Android");
    expect(
      shortUserAgent(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36",
      ),
    ).toBe("Chrome 140 on Linux");
  });

  it("shows a non-browser client by its first product token", () => {
    expect(shortUserAgent("grpcurl/1.9.1 grpc-go/1.61.0")).toBe("grpcurl/1.9.1");
    expect(shortUserAgent("x".repeat(80))).toHaveLength(40);
  });

  it("calls a grpc-web library's name a web browser", () => {
    expect(shortUserAgent("connect-es/2.1.1")).toBe("Web browser");
    expect(shortUserAgent("grpc-web-javascript/0.1")).toBe("Web browser");
  });

  it("admits not knowing", () => {
    expect(shortUserAgent("")).toBe("Unknown browser");
    expect(shortUserAgent("   ")).toBe("Unknown browser");
  });
});
