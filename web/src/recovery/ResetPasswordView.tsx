/**
 * /reset-password#token=…: the emailed link. The token was moved from the
 * fragment into memory at start-up (see resetToken.ts); no token, or one
 * the server refuses, shows "This link is not valid".
 */
import { useEffect, useState } from "react";
import { Card } from "../ui";
import { forgetResetToken, heldResetToken } from "./resetToken";
import { LinkNotValid, PasswordChanged } from "./Outcomes";
import { SetNewPassword } from "./SetNewPassword";

type Phase = "form" | "done" | "invalid";

export function ResetPasswordView() {
  const [token] = useState(heldResetToken);
  const [phase, setPhase] = useState<Phase>(token ? "form" : "invalid");

  useEffect(() => () => forgetResetToken(), []);

  return (
    <Card>
      {phase === "form" && token && (
        <SetNewPassword token={token} onChanged={() => setPhase("done")} onInvalidToken={() => setPhase("invalid")} />
      )}
      {phase === "done" && <PasswordChanged />}
      {phase === "invalid" && <LinkNotValid />}
    </Card>
  );
}
