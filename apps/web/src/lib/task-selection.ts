/** The name of a task row's checkbox (its value the task's id) and of the one that selects all. */
export const ROW_CHECKBOX = 'task';
export const SELECT_ALL = 'select-all';
