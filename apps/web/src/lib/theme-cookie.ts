import 'server-only';
import { cookies } from 'next/headers';
import { THEME_COOKIE, type Theme, themeOf } from './theme';

/** The theme the operator picked, from its cookie; `system` when none. */
export async function currentTheme(): Promise<Theme> {
  return themeOf((await cookies()).get(THEME_COOKIE)?.value);
}
