/**
 * Named queue filters kept in this browser (localStorage: they are the
 * agent's own shortcuts, not shared), each a link to its queue address.
 */
import { useState } from "react";
import type { FormEvent } from "react";
import { Link } from "../app/router";
import { Button, TextField } from "../ui";
import { d } from "./deskWords";

const KEY = "portal.desk.savedFilters";

interface Saved {
  name: string;
  path: string;
}

function read(): Saved[] {
  try {
    // eslint-disable-next-line no-restricted-globals -- queue filters only, never session data
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(parsed)
      ? parsed.filter(
          (item): item is Saved =>
            typeof item === "object" &&
            item !== null &&
            typeof (item as Saved).name === "string" &&
            typeof (item as Saved).path === "string" &&
            (item as Saved).path.startsWith("/desk"),
        )
      : [];
  } catch {
    return [];
  }
}

function write(saved: Saved[]) {
  // eslint-disable-next-line no-restricted-globals -- queue filters only, never session data
  localStorage.setItem(KEY, JSON.stringify(saved));
}

export function SavedFilters({ current }: { current: string }) {
  const [saved, setSaved] = useState<Saved[]>(read);
  const [name, setName] = useState("");

  function save(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    const next = [...saved.filter((item) => item.name !== trimmed), { name: trimmed, path: current }];
    write(next);
    setSaved(next);
    setName("");
  }

  function forget(gone: string) {
    const next = saved.filter((item) => item.name !== gone);
    write(next);
    setSaved(next);
  }

  return (
    <section className="desk-saved" aria-labelledby="saved-heading">
      <h2 id="saved-heading" className="desk-saved-heading">
        {d("queue.saved")}
      </h2>
      {saved.length > 0 && (
        <ul className="desk-saved-list">
          {saved.map((item) => (
            <li key={item.name}>
              <Link to={item.path}>{item.name}</Link>{" "}
              <Button variant="link" onClick={() => forget(item.name)}>
                {d("queue.forget", { name: item.name })}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form className="desk-inline-form" onSubmit={save}>
        <TextField label={d("queue.saveName")} value={name} onChange={setName} />
        <Button type="submit" variant="secondary">
          {d("queue.save")}
        </Button>
      </form>
    </section>
  );
}
