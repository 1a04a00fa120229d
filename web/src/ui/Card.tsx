/**
 * The centred card every view sits in. `wide` for pages with more than a
 * form (help, account, ticket status).
 *   <Card><PageHeading>…</PageHeading>…</Card>
 */
import type { ReactNode } from "react";

export function Card({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return <div className={`card${wide ? " card-wide" : ""}`}>{children}</div>;
}
