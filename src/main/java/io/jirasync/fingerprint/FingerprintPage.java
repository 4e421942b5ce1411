package io.jirasync.fingerprint;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a fingerprint list; pass {@code nextCursor} as {@code cursor} for the next (null: last page). */
public record FingerprintPage(@Schema(description = "The fingerprints of this page.") List<FingerprintView> items,
        @Schema(description = "Cursor of the next page (the cursor parameter); absent on the last page.") String nextCursor) {
}
