/**
 * Registration step "Security questions": three distinct questions from
 * ListSecurityQuestions, each with an answer → SetSecurityAnswers.
 * Violations of `answers[i].answer` / `answers[i].question_id` show beside
 * field i.
 */
import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import type { FormErrors } from "../api/errors";
import { alertText, formErrors, toApiError } from "../api/errors";
import { registrationClient } from "../api/registration";
import { Loading } from "../app/Loading";
import { t } from "../messages";
import { Alert, Button, PageHeading, Select, TextField, focusFirstInvalid, useAsyncAction } from "../ui";
import type { Question } from "./questionChoice";
import { availableQuestions, initialChoices } from "./questionChoice";
import type { StepProps } from "./stepProps";

const INDEXES = [0, 1, 2] as const;

function fieldLabels(): Record<string, string> {
  const labels: Record<string, string> = { answers: t("register.questions.all") };
  for (const i of INDEXES) {
    labels[`answers[${i}].question_id`] = t("register.questions.question", { n: i + 1 });
    labels[`answers[${i}].answer`] = t("register.questions.answer", { n: i + 1 });
  }
  return labels;
}

export function QuestionsStep({ registration, onDone, onSessionError }: StepProps) {
  const [questions, setQuestions] = useState<Question[]>();
  const [choices, setChoices] = useState<string[]>(["", "", ""]);
  const [answers, setAnswers] = useState<string[]>(["", "", ""]);
  const [errors, setErrors] = useState<FormErrors>({ alert: undefined, fields: {} });
  const { busy, run } = useAsyncAction();
  const form = useRef<HTMLFormElement>(null);
  const heading = t("register.questions.heading");
  const [savedIds] = useState(() => registration.securityQuestionIds);
  const alertLines = [errors.alert, errors.fields["answers"]].filter((line) => line !== undefined);

  useEffect(() => {
    let live = true;
    registrationClient.listSecurityQuestions({}).then(
      (res) => {
        if (!live) return;
        const list = res.questions.map((q) => ({ id: q.id, text: q.text }));
        setQuestions(list);
        setChoices(initialChoices(savedIds, list));
      },
      (e: unknown) => {
        const err = toApiError(e);
        if (live && !onSessionError(err)) setErrors({ alert: alertText(err), fields: {} });
      },
    );
    return () => {
      live = false;
    };
  }, [savedIds, onSessionError]);

  function update(list: string[], index: number, value: string): string[] {
    return list.map((v, i) => (i === index ? value : v));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const unchosen: Record<string, string> = {};
    for (const i of INDEXES) {
      if (!choices[i]) unchosen[`answers[${i}].question_id`] = t("register.questions.choose");
    }
    if (Object.keys(unchosen).length > 0) {
      setErrors({ alert: undefined, fields: unchosen });
      focusFirstInvalid(form.current);
      return;
    }
    void run(async () => {
      try {
        const res = await registrationClient.setSecurityAnswers({
          answers: INDEXES.map((i) => ({ questionId: choices[i] ?? "", answer: answers[i] ?? "" })),
        });
        await onDone(res.pendingSteps);
      } catch (e) {
        const err = toApiError(e);
        if (onSessionError(err)) return;
        setErrors(formErrors(err, fieldLabels()));
        focusFirstInvalid(form.current);
      }
    });
  }

  return (
    <>
      <PageHeading title={t("register.stepTitle", { step: heading })}>{heading}</PageHeading>
      <Alert>{alertLines.length > 0 && alertLines.map((line) => <p key={line}>{line}</p>)}</Alert>
      <p className="lead">{t("register.questions.intro")}</p>
      {savedIds.length > 0 && <p>{t("register.questions.answeredBefore")}</p>}
      {questions === undefined ? (
        !errors.alert && <Loading />
      ) : (
        <form ref={form} noValidate onSubmit={submit}>
          {INDEXES.map((i) => (
            <div className="question-group" key={i}>
              <Select
                label={t("register.questions.question", { n: i + 1 })}
                placeholder={t("register.questions.placeholder")}
                value={choices[i] ?? ""}
                onChange={(v) => setChoices((c) => update(c, i, v))}
                options={availableQuestions(questions, choices, i).map((q) => ({ value: q.id, label: q.text }))}
                error={errors.fields[`answers[${i}].question_id`]}
              />
              <TextField
                label={t("register.questions.answer", { n: i + 1 })}
                autoComplete="off"
                value={answers[i] ?? ""}
                onChange={(v) => setAnswers((a) => update(a, i, v))}
                error={errors.fields[`answers[${i}].answer`]}
              />
            </div>
          ))}
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t("register.saveAndContinue")}
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
