import { useEffect } from 'react';

/** The browser tab's title for a page. */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · MediCare Hub`;
  }, [title]);
}
