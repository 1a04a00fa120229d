/**
 * /contact: the Contact Form → SubmitContactForm → the reference. Signed-in
 * people see their name and email filled in, read-only (the server takes
 * them from the session). Empty required fields are caught here; the
 * server's field violations show beside their fields; nothing typed is
 * lost on an error.
 */
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { toApiError } from "../api/errors";
import { supportClient } from "../api/support";
import { Link, useRoute } from "../app/router";
import { useSession } from "../app/session";
import { t } from "../messages";
import { Alert, Button, PageHeading, Select, TextArea, TextField, focusFirstInvalid, useAsyncAction } from "../ui";
import { categoryFromQuery, categoryOptions } from "./categories";
import type { ContactErrors, ContactFields } from "./forms";
import {
  LIMITS,
  checkContactForm,
  contactField,
  contactLabels,
  contactRequest,
  signedInRequester,
  submitFailure,
} from "./forms";
import { Honeypot, RequesterFields, RetryNote, Submitted, withNode } from "./parts";

export function ContactFormView() {
  const route = useRoute();
  const { session } = useSession();
  const requester = signedInRequester(session);
  const { busy, run } = useAsyncAction();
  const form = useRef<HTMLFormElement>(null);

  const [fields, setFields] = useState<ContactFields>(() => ({
    name: "",
    email: "",
    organization: "",
    category: categoryFromQuery(route.query.get("category")),
    subject: "",
    message: "",
  }));
  const [website, setWebsite] = useState("");
  const [errors, setErrors] = useState<ContactErrors>({});
  const [alert, setAlert] = useState<string>();
  const [retryUntil, setRetryUntil] = useState<Date>();
  const [done, setDone] = useState<{ reference: string; email: string }>();

  const set = (key: keyof ContactFields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));
  const shown: ContactFields = requester ? { ...fields, name: requester.name, email: requester.email } : fields;

  function submit(event: FormEvent) {
    event.preventDefault();
    const local = checkContactForm(shown, requester !== undefined);
    setErrors(local);
    setAlert(undefined);
    if (Object.keys(local).length > 0) {
      focusFirstInvalid(form.current);
      return;
    }
    void run(async () => {
      try {
        const res = await supportClient.submitContactForm(contactRequest(shown, website));
        setRetryUntil(undefined);
        setDone({ reference: res.ticketRef, email: shown.email.trim() });
      } catch (e) {
        const failure = submitFailure(toApiError(e), contactLabels(), contactField);
        setErrors(failure.fields);
        setAlert(failure.alert);
        setRetryUntil(failure.retryAt);
        focusFirstInvalid(form.current);
      }
    });
  }

  if (done) {
    return <Submitted reference={done.reference} email={done.email} signedIn={requester !== undefined} />;
  }

  return (
    <>
      <PageHeading key="form" title={t("contact.form.title")}>
        {t("contact.form.heading")}
      </PageHeading>
      <Alert>{alert}</Alert>
      <RetryNote until={retryUntil} />
      <p className="lead">{t("contact.form.intro")}</p>
      <p>{withNode(t("contact.form.helpFirst"), "help", <Link to="/help">{t("contact.form.helpLink")}</Link>)}</p>
      <form ref={form} noValidate onSubmit={submit} className="contact-form">
        <RequesterFields requester={requester} shown={shown} onChange={set} errors={errors} />
        <TextField
          label={t("contact.organization.label")}
          name="organization"
          autoComplete="organization"
          value={fields.organization}
          onChange={set("organization")}
          error={errors.organization}
        />
        <Select
          label={t("contact.category.label")}
          name="category"
          value={fields.category}
          onChange={set("category")}
          options={categoryOptions()}
          placeholder={t("contact.category.placeholder")}
          error={errors.category}
        />
        <TextField
          label={t("contact.subject.label")}
          name="subject"
          value={fields.subject}
          onChange={set("subject")}
          error={errors.subject}
        />
        <TextArea
          label={t("contact.message.label")}
          name="message"
          value={fields.message}
          onChange={set("message")}
          maxLength={LIMITS.message}
          hint={t("contact.message.hint")}
          error={errors.message}
        />
        <Honeypot value={website} onChange={setWebsite} />
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t("contact.form.send")}
          </Button>
        </div>
      </form>
    </>
  );
}
