/** Lower case, accents removed, runs of white space folded to one space. */
export function fold(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The key two records of one person share even when typed differently: "José  María" = "jose maria". */
export function nameKey(givenName: string, familyName: string): string {
  return `${fold(givenName).replace(/[\s'-]/g, '')}|${fold(familyName).replace(/[\s'-]/g, '')}`;
}

export const digitsOf = (value: string): string => value.replace(/\D/g, '');

/** Escapes LIKE wildcards so user input matches literally. */
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The derived keys a patient row keeps beside its name: duplicate check, search, list order. */
export function nameKeys(givenName: string, familyName: string) {
  return {
    nameKey: nameKey(givenName, familyName),
    searchName: fold(`${givenName} ${familyName}`),
    sortName: fold(`${familyName} ${givenName}`),
  };
}
