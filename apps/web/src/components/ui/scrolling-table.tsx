import type { ReactNode } from 'react';

/**
 * A column heading; `numeric` aligns the column to the right, `header` replaces the label with a
 * control (the label still names it), `hidden` shows it to assistive technology only. `false`
 * leaves a column out.
 */
export type Column =
  string | { label: string; numeric?: true; hidden?: true; header?: ReactNode } | false;

/**
 * A table inside a labelled region that keyboard users can focus and scroll sideways. With
 * `cards`, below ~600 px each row becomes a card: every cell labelled by its column (its
 * `data-label`), the cell marked `card-lead` first. `children` are the body's rows.
 */
export function ScrollingTable({
  label,
  columns,
  cards = false,
  children,
}: {
  label: string;
  columns: Column[];
  cards?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className={cards ? 'card-table' : undefined}>
        <thead>
          <tr>
            {columns.map((column) => {
              if (column === false) return null;
              const {
                label: heading,
                numeric,
                hidden,
                header,
              } = typeof column === 'string' ? { label: column } : column;
              return (
                <th key={heading} scope="col" className={numeric ? 'numeric' : undefined}>
                  {header ??
                    (hidden ? <span className="visually-hidden">{heading}</span> : heading)}
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
