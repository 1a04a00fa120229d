// Test setup for Vitest: DOM matchers and a clean DOM after each test.
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// jsdom does not lay out pages; the app scrolls to the top on navigation.
window.scrollTo = () => {};

afterEach(() => {
  cleanup();
});
