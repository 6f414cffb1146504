/** A one-line confirmation of what just happened (after a redirect from an action). */
export function Notice({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="alert alert-success" role="status">
      {message}
    </p>
  );
}
