import Link from 'next/link';

export default function ConsoleNotFound() {
  return (
    <div>
      <h1>Not found</h1>
      <p>
        Nothing is at this address: it may have been deleted, or the link is wrong.{' '}
        <Link href="/profiles">Back to the profiles</Link> or <Link href="/tasks">the tasks</Link>.
      </p>
    </div>
  );
}
