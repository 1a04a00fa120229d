/**
 * The support desk's categories (they mirror the help page's topics): the
 * values the Category select uses (the enum names, as in
 * `/contact?category=NO_SITES`), their labels, and the enum for requests.
 */
import { Category } from "../gen/portal/support/v1/support_pb";
import type { MessageId } from "../messages";
import { t } from "../messages";
import type { SelectOption } from "../ui";

export const CATEGORY_NAMES = [
  "FIRST_TIME_LOGIN",
  "VERIFICATION_CODE",
  "FORGOT_PASSWORD",
  "RESET_EMAIL",
  "INVALID_CREDENTIALS",
  "NO_SITES",
  "ACCOUNT_LOCKED",
  "OTHER",
] as const;

export type CategoryName = (typeof CATEGORY_NAMES)[number];

function isCategoryName(value: string): value is CategoryName {
  return (CATEGORY_NAMES as readonly string[]).includes(value);
}

/** The Category select's options, in help-page order. */
export function categoryOptions(): SelectOption[] {
  return CATEGORY_NAMES.map((name) => ({ value: name, label: t(`contact.category.${name}` as MessageId) }));
}

/**
 * The category a `?category=` value names ("NO_SITES", "no_sites",
 * "CATEGORY_NO_SITES"), or "" (none chosen) for anything else.
 */
export function categoryFromQuery(value: string | null | undefined): CategoryName | "" {
  const name = (value ?? "").trim().toUpperCase().replace(/^CATEGORY_/, "");
  return isCategoryName(name) ? name : "";
}

/** The request's enum value for a select value ("" → UNSPECIFIED). */
export function categoryValue(name: string): Category {
  return isCategoryName(name) ? Category[name] : Category.UNSPECIFIED;
}

/** The label of a ticket's category ("" for none). */
export function categoryLabel(category: Category): string {
  const name = Category[category];
  return isCategoryName(name) ? t(`contact.category.${name}` as MessageId) : "";
}
