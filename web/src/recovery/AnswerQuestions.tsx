/**
 * The security-questions view of /forgot-password: the three questions
 * with an answer each → AnswerSecurityQuestions → a reset token. Wrong
 * answers show the server's message; the option's lock (RESOURCE_EXHAUSTED)
 * shows its message and a countdown; the email option is one click away.
 */
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { Code, alertText, formErrors, retryAt, toApiError } from "../api/errors";
import { passwordResetClient } from "../api/passwordReset";
import { navigate } from "../app/router";
import type { SecurityQuestion } from "../gen/portal/auth/v1/registration_pb";
import { t } from "../messages";
import { Alert, Button, PageHeading, TextField, focusFirstInvalid, formatClock, useAsyncAction, useCountdown } from "../ui";

export interface AnswerQuestionsProps {
  flowId: string;
  questions: readonly SecurityQuestion[];
  onToken: (token: string) => void;
  onUseEmail: () => void;
  /** The flow expired or was used: start again, with this message. */
  onRestart: (alert: string) => void;
}

export function AnswerQuestions({ flowId, questions, onToken, onUseEmail, onRestart }: AnswerQuestionsProps) {
  const [answers, setAnswers] = useState<string[]>(() => questions.map(() => ""));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string>();
  const [lockedUntil, setLockedUntil] = useState<Date>();
  const locked = useCountdown(lockedUntil);
  const { busy, run } = useAsyncAction();
  const form = useRef<HTMLFormElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (locked > 0) return;
    const empty = Object.fromEntries(
      answers.flatMap((answer, i) =>
        answer.trim() ? [] : [[`answers[${i}].answer`, t("recovery.questions.answerRequired")]],
      ),
    );
    if (Object.keys(empty).length > 0) {
      setFieldErrors(empty);
      setAlert(undefined);
      focusFirstInvalid(form.current);
      return;
    }
    void run(async () => {
      setAlert(undefined);
      try {
        const res = await passwordResetClient.answerSecurityQuestions({
          resetFlowId: flowId,
          answers: questions.map((q, i) => ({ questionId: q.id, answer: answers[i] ?? "" })),
        });
        onToken(res.resetToken);
      } catch (e) {
        const err = toApiError(e);
        if (err.reason === "RESET_FLOW_INVALID") {
          onRestart(alertText(err));
          return;
        }
        if (err.code === Code.ResourceExhausted) setLockedUntil(retryAt(err));
        const labels = Object.fromEntries(
          questions.map((_q, i) => [`answers[${i}].answer`, t("recovery.questions.answerLabel", { n: i + 1 })]),
        );
        const shown = formErrors(err, labels);
        // Wrong answers are secrets too: not kept once refused.
        if (err.reason === "SECURITY_ANSWERS_INCORRECT") setAnswers(questions.map(() => ""));
        setFieldErrors(shown.fields);
        setAlert(shown.alert);
        focusFirstInvalid(form.current);
      }
    });
  }

  return (
    <>
      <PageHeading title={t("recovery.questions.title")}>{t("recovery.questions.heading")}</PageHeading>
      <Alert>{alert}</Alert>
      {/* Outside the alert, so a ticking clock is not announced each second. */}
      {locked > 0 && <p className="countdown">{t("recovery.questions.locked", { time: formatClock(locked) })}</p>}
      <p className="lead">{t("recovery.questions.intro")}</p>
      <form ref={form} noValidate onSubmit={submit}>
        {questions.map((q, i) => (
          <TextField
            key={q.id}
            label={q.text}
            autoComplete="off"
            value={answers[i] ?? ""}
            onChange={(v) => setAnswers((list) => list.map((a, j) => (j === i ? v : a)))}
            error={fieldErrors[`answers[${i}].answer`]}
          />
        ))}
        <div className="actions">
          <Button type="submit" busy={busy} unavailable={locked > 0}>
            {t("recovery.continue")}
          </Button>
          <Button variant="secondary" onClick={() => navigate("/login")}>
            {t("recovery.cancel")}
          </Button>
        </div>
      </form>
      <hr className="divider" />
      <p>
        {t("recovery.questions.cantAnswer")}{" "}
        <Button variant="link" onClick={onUseEmail}>
          {t("recovery.questions.useEmail")}
        </Button>
      </p>
    </>
  );
}
