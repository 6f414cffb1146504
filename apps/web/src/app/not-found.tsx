import Link from 'next/link';
import { Masthead } from '../components/ui/masthead';

export default function NotFound() {
  return (
    <>
      <Masthead />
      <main id="content">
        <h1>Page not found</h1>
        <p>
          There is no page at this address. <Link href="/profiles">Go to the profiles</Link>.
        </p>
      </main>
    </>
  );
}
