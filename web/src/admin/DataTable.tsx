/**
 * The admin pages' tables: a caption for screen readers, column headers,
 * and sideways scrolling on narrow screens rather than squeezed cells.
 *   <DataTable caption="Users" columns={["Name", "Email"]}>{rows}</DataTable>
 */
import type { ReactNode } from "react";

export function DataTable({
  caption,
  columns,
  className,
  children,
}: {
  caption: string;
  columns: readonly string[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="admin-table-wrap">
      <table className={`admin-table${className ? ` ${className}` : ""}`}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
