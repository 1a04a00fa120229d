/**
 * A one-field form that creates something by name (an organisation, a
 * site): the server's field violation beside the field, any other refusal
 * as an alert, and what was created in a notice.
 *   <NameForm label="New site name" submit="Add site"
 *             create={async (name) => (await adminClient.createSite({ organizationId, name })).name}
 *             created={(name) => a("sites.created", { name })} onCreated={reload} />
 */
import { useState } from "react";
import type { FormEvent } from "react";
import { formErrors, toApiError } from "../api/errors";
import type { FormErrors } from "../api/errors";
import { Alert, Button, Notice, TextField, useAsyncAction } from "../ui";

export interface NameFormProps {
  label: string;
  submit: string;
  /** Creates it; resolves with the name the server kept. */
  create: (name: string) => Promise<string>;
  /** The notice for a created name. */
  created: (name: string) => string;
  onCreated: () => void;
}

const NO_ERRORS: FormErrors = { alert: undefined, fields: {} };

export function NameForm({ label, submit, create, created, onCreated }: NameFormProps) {
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [notice, setNotice] = useState<string>();
  const { busy, run } = useAsyncAction();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      try {
        setNotice(created(await create(name)));
        setErrors(NO_ERRORS);
        setName("");
        onCreated();
      } catch (e) {
        setNotice(undefined);
        setErrors(formErrors(toApiError(e), { name: label }));
      }
    });
  }

  return (
    <form className="admin-inline-form" noValidate onSubmit={onSubmit}>
      <TextField label={label} value={name} onChange={setName} error={errors.fields.name} required />
      <Button type="submit" busy={busy}>
        {submit}
      </Button>
      <Alert>{errors.alert}</Alert>
      <Notice>{notice}</Notice>
    </form>
  );
}
