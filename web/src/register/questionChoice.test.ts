// Tests of the distinct-question rule of the security-questions step.
import { describe, expect, it } from "vitest";
import { availableQuestions, initialChoices } from "./questionChoice";

const all = [
  { id: "a", text: "A?" },
  { id: "b", text: "B?" },
  { id: "c", text: "C?" },
  { id: "d", text: "D?" },
];

describe("availableQuestions", () => {
  it("offers a select its own choice and none chosen elsewhere", () => {
    expect(availableQuestions(all, ["a", "b", ""], 0).map((q) => q.id)).toEqual(["a", "c", "d"]);
    expect(availableQuestions(all, ["a", "b", ""], 2).map((q) => q.id)).toEqual(["c", "d"]);
  });
});

describe("initialChoices", () => {
  it("pads to three and drops unknown ids", () => {
    expect(initialChoices([], all)).toEqual(["", "", ""]);
    expect(initialChoices(["b", "zz", "c"], all)).toEqual(["b", "c", ""]);
  });
});
