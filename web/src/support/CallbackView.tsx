/**
 * /contact/callback: Request a call back → RequestCallback → the reference.
 * The window is a date with "from" and "to" times in a time zone (the
 * device's, changeable), sent as UTC instants and said back in words.
 */
import { useMemo, useRef, useState } from "react";
import type { FormEvent } from "react";
import { toApiError } from "../api/errors";
import { supportClient } from "../api/support";
import { useRoute } from "../app/router";
import { useSession } from "../app/session";
import { t } from "../messages";
import { Alert, Button, PageHeading, Select, TextArea, TextField, focusFirstInvalid, useAsyncAction } from "../ui";
import { describeWindow, detectedTimeZone, timeZoneOptions, todayIn, zonedInstant, zoneLabel } from "./callbackWindow";
import { categoryFromQuery, categoryOptions } from "./categories";
import type { CallbackErrors, CallbackFields } from "./forms";
import {
  LIMITS,
  callbackField,
  callbackLabels,
  callbackRequest,
  checkCallbackForm,
  signedInRequester,
  submitFailure,
} from "./forms";
import { Honeypot, RequesterFields, RetryNote, Submitted } from "./parts";

/** The window in words once it reads as a window, else undefined. */
function windowWords(f: CallbackFields): string | undefined {
  const start = zonedInstant(f.date, f.from, f.zone);
  const end = zonedInstant(f.date, f.to, f.zone);
  if (!(start instanceof Date) || !(end instanceof Date) || end <= start) return undefined;
  return describeWindow(start, end, f.zone);
}

export function CallbackView() {
  const route = useRoute();
  const { session } = useSession();
  const requester = signedInRequester(session);
  const { busy, run } = useAsyncAction();
  const form = useRef<HTMLFormElement>(null);
  const [detected] = useState(detectedTimeZone);
  const zones = useMemo(() => timeZoneOptions(detected).map((zone) => ({ value: zone, label: zoneLabel(zone) })), [detected]);

  const [fields, setFields] = useState<CallbackFields>(() => ({
    name: "",
    email: "",
    phone: "",
    date: "",
    from: "",
    to: "",
    zone: detected,
    category: categoryFromQuery(route.query.get("category")),
    message: "",
  }));
  const [website, setWebsite] = useState("");
  const [errors, setErrors] = useState<CallbackErrors>({});
  const [alert, setAlert] = useState<string>();
  const [retryUntil, setRetryUntil] = useState<Date>();
  const [done, setDone] = useState<{ reference: string; email: string; phone: string; window: string }>();

  const set = (key: keyof CallbackFields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));
  const shown: CallbackFields = requester ? { ...fields, name: requester.name, email: requester.email } : fields;
  const words = windowWords(shown);

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkCallbackForm(shown, requester !== undefined);
    setAlert(undefined);
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirstInvalid(form.current);
      return;
    }
    setErrors({});
    void run(async () => {
      try {
        const res = await supportClient.requestCallback(callbackRequest(shown, checked.start, checked.end, website));
        setRetryUntil(undefined);
        setDone({
          reference: res.ticketRef,
          email: shown.email.trim(),
          phone: shown.phone.trim(),
          window: describeWindow(checked.start, checked.end, shown.zone),
        });
      } catch (e) {
        const failure = submitFailure(toApiError(e), callbackLabels(), callbackField);
        setErrors(failure.fields);
        setAlert(failure.alert);
        setRetryUntil(failure.retryAt);
        focusFirstInvalid(form.current);
      }
    });
  }

  if (done) {
    return (
      <Submitted reference={done.reference} email={done.email} signedIn={requester !== undefined}>
        <p className="callback-summary">{t("contact.done.callbackWindow", { phone: done.phone, window: done.window })}</p>
      </Submitted>
    );
  }

  return (
    <>
      <PageHeading key="form" title={t("contact.callback.title")}>
        {t("contact.callback.heading")}
      </PageHeading>
      <Alert>{alert}</Alert>
      <RetryNote until={retryUntil} />
      <p className="lead">{t("contact.callback.intro")}</p>
      <form ref={form} noValidate onSubmit={submit} className="contact-form">
        <RequesterFields requester={requester} shown={shown} onChange={set} errors={errors} />
        <TextField
          label={t("contact.callback.phone.label")}
          type="tel"
          name="phone"
          autoComplete="tel"
          inputMode="tel"
          value={fields.phone}
          onChange={set("phone")}
          hint={t("contact.callback.phone.hint")}
          error={errors.phone}
        />
        <fieldset className="fieldset window-fieldset" aria-describedby="callback-window-hint">
          <legend className="field-label">{t("contact.callback.window.legend")}</legend>
          <p id="callback-window-hint" className="field-hint">
            {t("contact.callback.window.hint")}
          </p>
          <TextField
            label={t("contact.callback.date.label")}
            type="date"
            name="date"
            min={todayIn(fields.zone)}
            value={fields.date}
            onChange={set("date")}
            error={errors.date}
          />
          <div className="time-pair">
            <TextField
              label={t("contact.callback.from.label")}
              type="time"
              name="from"
              value={fields.from}
              onChange={set("from")}
              error={errors.from}
            />
            <TextField
              label={t("contact.callback.to.label")}
              type="time"
              name="to"
              value={fields.to}
              onChange={set("to")}
              error={errors.to}
            />
          </div>
          <Select
            label={t("contact.callback.zone.label")}
            name="time_zone"
            value={fields.zone}
            onChange={set("zone")}
            options={zones}
            hint={t("contact.callback.zone.hint", { zone: detected })}
            error={errors.zone}
          />
          {words && <p className="callback-summary">{t("contact.callback.window.summary", { window: words })}</p>}
        </fieldset>
        <Select
          label={t("contact.category.label")}
          name="category"
          value={fields.category}
          onChange={set("category")}
          options={categoryOptions()}
          placeholder={t("contact.category.placeholder")}
          error={errors.category}
        />
        <TextArea
          label={t("contact.callback.message.label")}
          name="message"
          rows={4}
          value={fields.message}
          onChange={set("message")}
          maxLength={LIMITS.message}
          hint={t("contact.callback.message.hint")}
          error={errors.message}
        />
        <Honeypot value={website} onChange={setWebsite} />
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t("contact.callback.send")}
          </Button>
        </div>
      </form>
    </>
  );
}
