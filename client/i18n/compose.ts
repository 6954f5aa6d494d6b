/**
 * What one page's components read: the shared terms beside that page's own section. A key in both is a type error at
 * the call, so a section can neither restate a term nor silently shadow it.
 */
export function compose<T extends object, S extends object>(terms: T, section: S & { [K in keyof S & keyof T]: never }): T & S {
  return { ...terms, ...section };
}
