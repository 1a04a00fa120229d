/**
 * Each view's (and each step's) `<h1>`: it sets the document title and
 * takes the focus when it appears, so keyboard and screen-reader users
 * start at the top of the new view. Give it a `key` that changes with the
 * step when one view shows several steps.
 *   <PageHeading>{t("login.heading")}</PageHeading>
 *   <PageHeading title={t("register.stepTitle", { step })}>{step}</PageHeading>
 */
import { useEffect, useRef } from "react";
import { t } from "../messages";

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = t("common.documentTitle", { title });
  }, [title]);
}

export function PageHeading({ children, title }: { children: string; title?: string }) {
  useDocumentTitle(title ?? children);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
