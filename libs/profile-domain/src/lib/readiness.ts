/** The readiness report served by `/health/ready` and read by consoles. */
export type DependencyState = 'up' | 'down';

export interface DependencyStatus {
  status: DependencyState;
  /** Why a dependency is down, in words fit for an operator; never a secret. */
  message?: string;
}

export interface ReadinessReport {
  status: 'ok' | 'error';
  /** True while the process drains after SIGTERM. */
  shuttingDown: boolean;
  details: Record<string, DependencyStatus>;
}

/** One dependency a service checks for readiness; `check` rejects when the dependency is down. */
export interface DependencyCheck {
  readonly name: string;
  check(): Promise<void>;
}
