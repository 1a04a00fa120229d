/**
 * Page-level messages.
 *   <Alert>{alertText(err)}</Alert>   — an error, announced at once (role="alert")
 *   <Notice>{t("register.sessionEnded")}</Notice> — information (role="status")
 * Both render nothing without children.
 */
import type { ReactNode } from "react";

export function Alert({ children, className }: { children?: ReactNode; className?: string }) {
  if (!children) return null;
  return (
    <div role="alert" className={`alert${className ? ` ${className}` : ""}`}>
      {children}
    </div>
  );
}

export function Notice({ children, className }: { children?: ReactNode; className?: string }) {
  if (!children) return null;
  return (
    <div role="status" className={`notice${className ? ` ${className}` : ""}`}>
      {children}
    </div>
  );
}
