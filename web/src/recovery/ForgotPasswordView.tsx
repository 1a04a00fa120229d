/**
 * /forgot-password: email plus the choice of Answer Security Questions
 * (default) or Send Email Instructions to Reset Password, Continue or
 * Cancel. Questions → answers → set a new password (the token stays in
 * this component's memory). Email → "Check your email", the same page
 * whatever the email. History state may carry `email` and `option: "email"`;
 * `?option=email` preselects the email option too (for links from help).
 */
import { useState } from "react";
import { stateString, useRoute } from "../app/router";
import type { SecurityQuestion } from "../gen/portal/auth/v1/registration_pb";
import { Card } from "../ui";
import { ChooseMethod } from "./ChooseMethod";
import type { Method } from "./ChooseMethod";
import { CheckEmail, LinkNotValid, PasswordChanged } from "./Outcomes";
import { AnswerQuestions } from "./AnswerQuestions";
import { SetNewPassword } from "./SetNewPassword";

type Phase =
  | { kind: "choose"; alert?: string | undefined }
  | { kind: "questions"; flowId: string; questions: SecurityQuestion[] }
  | { kind: "newPassword"; token: string }
  | { kind: "checkEmail" }
  | { kind: "done" }
  | { kind: "invalid" };

export function ForgotPasswordView() {
  const route = useRoute();
  const [email, setEmail] = useState(() => stateString(route.state, "email") ?? "");
  const [method, setMethod] = useState<Method>(() =>
    (stateString(route.state, "option") ?? route.query.get("option")) === "email" ? "email" : "questions",
  );
  const [phase, setPhase] = useState<Phase>({ kind: "choose" });

  return (
    <Card>
      {phase.kind === "choose" && (
        <ChooseMethod
          key={phase.alert ?? "choose"}
          email={email}
          onEmailChange={setEmail}
          method={method}
          onMethodChange={setMethod}
          initialAlert={phase.alert}
          onQuestions={(flowId, questions) => setPhase({ kind: "questions", flowId, questions })}
          onEmailSent={() => setPhase({ kind: "checkEmail" })}
        />
      )}
      {phase.kind === "questions" && (
        <AnswerQuestions
          flowId={phase.flowId}
          questions={phase.questions}
          onToken={(token) => setPhase({ kind: "newPassword", token })}
          onUseEmail={() => {
            setMethod("email");
            setPhase({ kind: "choose" });
          }}
          onRestart={(alert) => setPhase({ kind: "choose", alert })}
        />
      )}
      {phase.kind === "newPassword" && (
        <SetNewPassword
          token={phase.token}
          email={email.trim()}
          onChanged={() => setPhase({ kind: "done" })}
          onInvalidToken={() => setPhase({ kind: "invalid" })}
        />
      )}
      {phase.kind === "checkEmail" && <CheckEmail />}
      {phase.kind === "done" && <PasswordChanged />}
      {phase.kind === "invalid" && <LinkNotValid />}
    </Card>
  );
}
