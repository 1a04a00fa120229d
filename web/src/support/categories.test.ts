// Tests of the categories: labels, preselection from ?category=, enum values.
import { describe, expect, it } from "vitest";
import { Category } from "../gen/portal/support/v1/support_pb";
import { categoryFromQuery, categoryOptions, categoryValue } from "./categories";

describe("categories", () => {
  it("offers the eight categories with human labels", () => {
    const options = categoryOptions();
    expect(options.map((o) => o.value)).toEqual([
      "FIRST_TIME_LOGIN",
      "VERIFICATION_CODE",
      "FORGOT_PASSWORD",
      "RESET_EMAIL",
      "INVALID_CREDENTIALS",
      "NO_SITES",
      "ACCOUNT_LOCKED",
      "OTHER",
    ]);
    expect(options.find((o) => o.value === "NO_SITES")?.label).toBe("No sites on my account");
    for (const o of options) expect(o.label).not.toMatch(/^contact\.|_/);
  });

  it("preselects the category named in the query, leniently", () => {
    expect(categoryFromQuery("NO_SITES")).toBe("NO_SITES");
    expect(categoryFromQuery("account_locked")).toBe("ACCOUNT_LOCKED");
    expect(categoryFromQuery("CATEGORY_RESET_EMAIL")).toBe("RESET_EMAIL");
    expect(categoryFromQuery(" other ")).toBe("OTHER");
  });

  it("preselects nothing for a missing or unknown category", () => {
    expect(categoryFromQuery(null)).toBe("");
    expect(categoryFromQuery("")).toBe("");
    expect(categoryFromQuery("UNSPECIFIED")).toBe("");
    expect(categoryFromQuery("constructor")).toBe("");
    expect(categoryFromQuery("<script>")).toBe("");
  });

  it("maps a choice to the request's enum", () => {
    expect(categoryValue("NO_SITES")).toBe(Category.NO_SITES);
    expect(categoryValue("OTHER")).toBe(Category.OTHER);
    expect(categoryValue("")).toBe(Category.UNSPECIFIED);
  });
});
