// Badge images by content hash. A hash names fixed bytes, so an image is fetched once per
// session and shared by every card and view that shows it.

import { badgeImage } from '../api';

const cache = new Map<string, Promise<string | null>>();

/** The `data:` URL of a stored image, or null when it cannot be loaded (the caller shows a placeholder). */
export function imageUrl(hash: string): Promise<string | null> {
  let pending = cache.get(hash);
  if (!pending) {
    pending = badgeImage(hash).then(
      (image) => image.dataUrl,
      () => {
        // Forget failures so that a later view may try again.
        cache.delete(hash);
        return null;
      },
    );
    cache.set(hash, pending);
  }
  return pending;
}
