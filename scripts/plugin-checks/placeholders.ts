/** Template variables create-plugin must have replaced in built files. */
export const PLACEHOLDERS = ['%VERSION%', '%TODAY%', '%PLUGIN_ID%'];

/** Placeholders left in `text`. */
export function leftPlaceholders(text: string): string[] {
  return PLACEHOLDERS.filter((p) => text.includes(p)).map((p) => `still contains ${p}`);
}
