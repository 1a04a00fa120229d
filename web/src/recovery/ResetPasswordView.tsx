/**
 * /reset-password#token=…: the emailed link. The token was moved from the
 * fragment into memory at start-up (see resetToken.ts). The link is checked
 * before anything is typed (CheckPasswordResetToken), which also names the
 * account, for the person and for password managers. A dead link says so
 * at once; a page reloaded after the token left the address asks for the
 * link from the email again.
 */
import { useEffect, useState } from "react";
import { passwordResetClient } from "../api/passwordReset";
import { alertText, toApiError } from "../api/errors";
import { Loading } from "../app/Loading";
import { Alert, Card } from "../ui";
import { forgetResetToken, heldResetToken } from "./resetToken";
import { LinkNotValid, OpenLinkAgain, PasswordChanged } from "./Outcomes";
import { SetNewPassword } from "./SetNewPassword";

type Phase =
  | { name: "checking" }
  | { name: "form"; email: string }
  | { name: "done" }
  | { name: "invalid" }
  | { name: "noToken" }
  | { name: "failed"; alert: string };

export function ResetPasswordView() {
  const [token] = useState(heldResetToken);
  const [phase, setPhase] = useState<Phase>(token ? { name: "checking" } : { name: "noToken" });

  useEffect(() => () => forgetResetToken(), []);

  useEffect(() => {
    if (!token) return;
    let current = true;
    passwordResetClient
      .checkPasswordResetToken({ resetToken: token })
      .then(({ email }) => current && setPhase({ name: "form", email }))
      .catch((e: unknown) => {
        if (!current) return;
        const err = toApiError(e);
        const dead = err.reason === "RESET_TOKEN_INVALID" || Boolean(err.fieldViolations["reset_token"]);
        setPhase(dead ? { name: "invalid" } : { name: "failed", alert: alertText(err) });
      });
    return () => {
      current = false;
    };
  }, [token]);

  return (
    <Card>
      {phase.name === "checking" && <Loading />}
      {phase.name === "failed" && <Alert>{phase.alert}</Alert>}
      {phase.name === "form" && token && (
        <SetNewPassword
          token={token}
          email={phase.email}
          onChanged={() => setPhase({ name: "done" })}
          onInvalidToken={() => setPhase({ name: "invalid" })}
        />
      )}
      {phase.name === "done" && <PasswordChanged />}
      {phase.name === "invalid" && <LinkNotValid />}
      {phase.name === "noToken" && <OpenLinkAgain />}
    </Card>
  );
}
