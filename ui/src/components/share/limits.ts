// Checks of what the earner types in the Share panel, so that a mistake is explained next to
// the field before anything is sent. The core checks the same limits again
// (src/share/picture.rs MIN_PICTURE_SIDE / MAX_PICTURE_SIDE, Wallet::set_issuer_linkedin).

export const MIN_PICTURE_SIDE = 16;
export const MAX_PICTURE_SIDE = 4096;

/** Why a custom picture size cannot be used, or null when it can. */
export function pictureSideProblem(value: number | string | null | undefined): string | null {
  const number = typeof value === 'string' ? (value.trim() === '' ? NaN : Number(value)) : (value ?? NaN);
  if (!Number.isInteger(number) || number < MIN_PICTURE_SIDE || number > MAX_PICTURE_SIDE) {
    return `Enter a whole number of pixels from ${MIN_PICTURE_SIDE} to ${MAX_PICTURE_SIDE}.`;
  }
  return null;
}

/** Why a LinkedIn organization id cannot be saved, or null when it can. */
export function organizationIdProblem(value: string): string | null {
  if (!/^[0-9]{1,20}$/.test(value.trim())) {
    return 'A LinkedIn organization id is a number (digits only, up to 20), as in linkedin.com/company/12345.';
  }
  return null;
}

/** The organization id in a LinkedIn add-to-profile link, if it names one. */
export function organizationIdOf(addToProfileUrl: string): string | null {
  try {
    return new URL(addToProfileUrl).searchParams.get('organizationId');
  } catch {
    return null;
  }
}

/** Whether the core's signature snippet has a picture (badge text in it is escaped, so `<img` is the core's own tag). */
export function signatureHasPicture(html: string): boolean {
  return /<img\s/i.test(html);
}
