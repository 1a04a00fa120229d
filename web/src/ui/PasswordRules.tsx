/**
 * The server's password rules (README, "Passwords"), worded for people, with the
 * numbers from the access policy. Without a policy the length line is left
 * out rather than guessed.
 *   <PasswordRules policy={useAccessPolicy()} email="jane@example.com" />
 */
import type { AccessPolicy } from "../gen/portal/auth/v1/auth_pb";
import { t } from "../messages";

/** The part of an email before the last "@", or undefined. */
export function localPart(email: string | undefined): string | undefined {
  if (!email) return undefined;
  const at = email.lastIndexOf("@");
  return at > 0 ? email.slice(0, at) : undefined;
}

export interface PasswordRulesProps {
  policy: AccessPolicy | undefined;
  email?: string | undefined;
  id?: string;
}

export function PasswordRules({ policy, email, id }: PasswordRulesProps) {
  const local = localPart(email);
  return (
    <div className="rules" id={id}>
      <p className="rules-heading">{t("password.rules.heading")}</p>
      <ul>
        {policy && policy.passwordMinLength > 0 && (
          <li>{t("password.rules.length", { min: policy.passwordMinLength, max: policy.passwordMaxLength })}</li>
        )}
        <li>{t("password.rules.common")}</li>
        <li>
          {local ? t("password.rules.localPart", { localPart: local }) : t("password.rules.localPartUnknown")}
        </li>
      </ul>
      <p>{t("password.rules.free")}</p>
    </div>
  );
}
