package io.jirasync.fingerprint;

import java.util.List;

/** One page of a fingerprint list; pass {@code nextCursor} as {@code cursor} for the next (null: last page). */
public record FingerprintPage(List<FingerprintView> items, String nextCursor) {
}
