// Exceptions crossing from a provider back to the app: the family's own exceptions pass through unchanged,
// anything else becomes the family's Unknown exception (as the library maps unexpected provider failures).

export async function passOrWrap<T>(
  work: () => Promise<T>,
  isFamily: (e: unknown) => boolean,
  unknown: (message: string) => Error,
): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isFamily(e)) throw e;
    throw unknown(e instanceof Error ? e.message : String(e));
  }
}
