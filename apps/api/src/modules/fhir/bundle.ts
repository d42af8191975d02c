import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import { warningOf } from './outcome.js';

/** The address a resource has here: `<base>/Patient/<id>`. */
export const fullUrlOf = (base: string, r: Resource) => `${base}/${r.resourceType}/${r.id ?? ''}`;

/**
 * A searchset Bundle: the matches, what was included with them ($everything), a `next` link while
 * more follow, and `total` only where it cost nothing to know.
 */
export function searchset(
  base: string,
  page: {
    matches: Resource[];
    included?: Resource[];
    self: string;
    next?: string | null;
    total?: number;
    ignored?: string[];
  },
): Bundle {
  const link: BundleLink[] = [{ relation: 'self', url: page.self }];
  if (page.next) link.push({ relation: 'next', url: page.next });
  const entry: BundleEntry[] = [
    ...page.matches.map((resource) => ({
      fullUrl: fullUrlOf(base, resource),
      resource,
      search: { mode: 'match' as const },
    })),
    ...(page.included ?? []).map((resource) => ({
      fullUrl: fullUrlOf(base, resource),
      resource,
      search: { mode: 'include' as const },
    })),
  ];
  if (page.ignored && page.ignored.length > 0) {
    entry.push({
      resource: warningOf(`Ignored (Prefer: handling=lenient): ${page.ignored.join(', ')}`),
      search: { mode: 'outcome' },
    });
  }
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(page.total !== undefined ? { total: page.total } : {}),
    link,
    entry,
  };
}

/** The same search's address with another page's cursor. */
export function pageUrl(selfUrl: string, cursor: string): string {
  const url = new URL(selfUrl);
  url.searchParams.set('_cursor', cursor);
  return url.toString();
}
