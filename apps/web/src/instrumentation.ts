// Runs once when the server starts: a bad variable stops it with a message naming the variable.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { webEnvironment } = await import('./lib/web-environment');
    webEnvironment();
  }
}
