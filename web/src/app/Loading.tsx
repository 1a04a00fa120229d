/** What a view shows while its code or data loads. */
import { t } from "../messages";

export function Loading() {
  return (
    <p className="loading" role="status">
      {t("common.loading")}
    </p>
  );
}
