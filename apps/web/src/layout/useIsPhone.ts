import { Grid } from 'antd';

/**
 * True below antd's `md` breakpoint (768 px): phones and small tablets in portrait.
 * Before the first measurement antd reports no breakpoint; we assume a wide screen then
 * only if the window says so, so phones never flash the desktop layout.
 */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  if (screens.md === undefined) return typeof window !== 'undefined' && window.innerWidth < 768;
  return !screens.md;
}

/**
 * True below antd's `lg` breakpoint (992 px): the public header has too much for a tablet row
 * (brand, four links, language switch, sign-in) and uses the drawer menu there too.
 */
export function useIsCompactHeader(): boolean {
  const screens = Grid.useBreakpoint();
  if (screens.lg === undefined) return typeof window !== 'undefined' && window.innerWidth < 992;
  return !screens.lg;
}
