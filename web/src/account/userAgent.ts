/**
 * A user agent string in a few readable words for the session list:
 * "Chrome 131 on Windows", "Safari 17 on iOS", "grpcurl/1.9.1".
 */
import { t } from "../messages";

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, "Edge"],
  [/\bOPR\/(\d+)/, "Opera"],
  [/\bSamsungBrowser\/(\d+)/, "Samsung Internet"],
  [/\b(?:Firefox|FxiOS)\/(\d+)/, "Firefox"],
  [/\bCriOS\/(\d+)/, "Chrome"],
  [/\b(?:Headless)?Chrome\/(\d+)/, "Chrome"],
  [/\bVersion\/(\d+)[\d.]*(?: Mobile\/\S+)? Safari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bWindows NT\b/, "Windows"],
  [/\bAndroid\b/, "Android"],
  [/\b(?:iPhone|iPod)\b/, "iOS"],
  [/\biPad\b/, "iPadOS"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\b(?:Macintosh|Mac OS X)\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

/** What a grpc-web library (not the browser) calls itself. */
const WEB_LIBRARY = /^(?:connect-es|grpc-web-javascript|grpc-web)\//i;

const MAX_RAW = 40;

/** The browser and system in words; "Unknown browser" when there is nothing to go on. */
export function shortUserAgent(userAgent: string): string {
  const ua = userAgent.trim();
  if (!ua) return t("account.sessions.unknownBrowser");
  let browser: string | undefined;
  for (const [pattern, name] of BROWSERS) {
    const m = pattern.exec(ua);
    if (m) {
      browser = `${name} ${m[1]}`;
      break;
    }
  }
  const os = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  if (browser) return os ? t("account.sessions.browserOn", { browser, os }) : browser;
  // A browser that sent only its grpc-web library's name.
  if (WEB_LIBRARY.test(ua)) return t("account.sessions.webBrowser");
  // Not a browser (a command-line client, a script): its first product token.
  const first = ua.split(/\s+/)[0] ?? ua;
  return first.length > MAX_RAW ? `${first.slice(0, MAX_RAW - 1)}…` : first;
}
