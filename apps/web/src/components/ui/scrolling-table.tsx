import type { ReactNode } from 'react';

/** A column heading; `numeric` aligns the column to the right. `false` leaves a column out. */
export type Column = string | { label: string; numeric: true } | false;

/**
 * A table that scrolls sideways on a narrow screen, inside a labelled region that keyboard users
 * can focus and scroll. `children` are the body's rows.
 */
export function ScrollingTable({
  label,
  columns,
  children,
}: {
  label: string;
  columns: Column[];
  children: ReactNode;
}) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table>
        <thead>
          <tr>
            {columns.map((column) => {
              if (column === false) return null;
              return typeof column === 'string' ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : (
                <th key={column.label} scope="col" className="numeric">
                  {column.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
