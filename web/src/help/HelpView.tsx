/**
 * /help: the login-help page. One section per topic (./helpTopics.ts),
 * each saying what happened and what to do, with its actions as links into
 * the flows; a table of contents links to each section (/help#no-sites).
 * Numbers come from the access policy: a skeleton stands in for the
 * sentences that quote them while it loads, and if it fails the page uses
 * wording without numbers.
 */
import { useEffect } from "react";
import { Link } from "../app/router";
import { t } from "../messages";
import { Card, PageHeading } from "../ui";
import "./help.css";
import type { HelpBlock, HelpTopic } from "./helpTopics";
import { HELP_TOPIC_IDS, helpNumbers, helpTopics } from "./helpTopics";
import { RichText } from "./RichText";
import { usePolicyState } from "./usePolicyState";

function Skeleton() {
  return (
    <p className="skeleton" aria-hidden="true">
      <span className="skeleton-line" />
      <span className="skeleton-line skeleton-line-short" />
    </p>
  );
}

function Block({ block, loading }: { block: HelpBlock; loading: boolean }) {
  switch (block.kind) {
    case "text":
      if (block.usesNumbers && loading) return <Skeleton />;
      return (
        <p>
          <RichText text={block.text} />
        </p>
      );
    case "list":
      return (
        <ul className="help-list">
          {block.items.map((item) => (
            <li key={item}>
              <RichText text={item} />
            </li>
          ))}
        </ul>
      );
    case "quote":
      return (
        <figure className="help-quote">
          <figcaption>{block.intro}</figcaption>
          <blockquote>
            <p>{block.text}</p>
          </blockquote>
        </figure>
      );
  }
}

function Topic({ topic, loading }: { topic: HelpTopic; loading: boolean }) {
  return (
    <section className="help-topic" aria-labelledby={topic.id}>
      <h2 id={topic.id} tabIndex={-1} className="help-topic-heading">
        {topic.heading}
      </h2>
      {topic.blocks.map((block, i) => (
        <Block key={i} block={block} loading={loading} />
      ))}
      <ul className="help-actions">
        {topic.actions.map((action) => (
          <li key={action.to}>
            <Link to={action.to} className="button button-secondary">
              {action.label}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** On arrival at /help#<topic>, scrolls to that topic and focuses its heading. */
function useFragmentTarget(): void {
  useEffect(() => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (!(HELP_TOPIC_IDS as readonly string[]).includes(id)) return;
    const heading = document.getElementById(id);
    heading?.scrollIntoView?.();
    heading?.focus({ preventScroll: true });
  }, []);
}

export function HelpView() {
  const policy = usePolicyState();
  const loading = policy.status === "loading";
  const topics = helpTopics(helpNumbers(policy.status === "ready" ? policy.policy : undefined));
  useFragmentTarget();

  return (
    <Card wide>
      <PageHeading title={t("help.title")}>{t("help.heading")}</PageHeading>
      <p className="lead">{t("help.intro")}</p>
      <nav className="help-toc" aria-labelledby="help-toc-label">
        <p id="help-toc-label" className="help-toc-label">
          {t("help.toc.label")}
        </p>
        <ul>
          {topics.map((topic) => (
            <li key={topic.id}>
              <a href={`#${topic.id}`}>{topic.heading}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div aria-busy={loading || undefined}>
        {topics.map((topic) => (
          <Topic key={topic.id} topic={topic} loading={loading} />
        ))}
      </div>
    </Card>
  );
}
