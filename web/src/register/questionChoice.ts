/**
 * Three distinct security questions: each select offers only the questions
 * not already chosen in the other two.
 */
export interface Question {
  id: string;
  text: string;
}

/** The questions select `index` may offer, given all three choices. */
export function availableQuestions(all: readonly Question[], chosen: readonly string[], index: number): Question[] {
  const takenElsewhere = new Set(chosen.filter((id, i) => i !== index && id !== ""));
  return all.filter((q) => !takenElsewhere.has(q.id));
}

/** The saved choices, padded to three, dropping ids the catalogue no longer has. */
export function initialChoices(saved: readonly string[], all: readonly Question[]): string[] {
  const known = new Set(all.map((q) => q.id));
  const choices = saved.filter((id) => known.has(id)).slice(0, 3);
  while (choices.length < 3) choices.push("");
  return choices;
}
