import type { Browser } from 'playwright-core';
import { ConsoleSession, launchBrowser } from './browser';
import { type KeyScope, Stack } from './stack';

export interface ConsoleSuite {
  /** The suite's stack, started in its beforeAll. */
  readonly stack: Stack;
  /** A new session of its own, signed in with the key of `scope`. */
  open(scope: KeyScope): Promise<ConsoleSession>;
}

/**
 * Registers the hooks a suite of console tests shares: one stack (named `name`) and one browser
 * for the suite, and the sessions each test opens, closed after it; a test fails on any problem
 * (console error, page error, hydration warning) one of its sessions saw.
 */
export function consoleSuite(name: string): ConsoleSuite {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const sessions: ConsoleSession[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([Stack.start(name), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  afterEach(async () => {
    const problems = sessions.flatMap((session) => session.problems);
    await Promise.all(sessions.splice(0).map((session) => session.close()));
    expect(problems).toEqual([]);
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error(`the ${name} suite's stack has not started`);
    return value;
  };

  return {
    get stack() {
      return started(stack);
    },
    async open(scope) {
      const session = await ConsoleSession.open(started(browser), started(stack).webUrl);
      sessions.push(session);
      await session.signIn(scope);
      return session;
    },
  };
}
