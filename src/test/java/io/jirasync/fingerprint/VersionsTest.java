package io.jirasync.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class VersionsTest {

    @Test
    void comparesNumbersAsNumbers() {
        assertTrue(Versions.compare("1.10.0", "1.9.2") > 0);
        assertTrue(Versions.compare("2.2.9", "2.3.0") < 0);
        assertTrue(Versions.compare("10.0", "9.99") > 0);
    }

    @Test
    void preReleaseComesBeforeItsRelease() {
        assertTrue(Versions.compare("2.0.0-rc1", "2.0.0") < 0);
        assertTrue(Versions.compare("2.0.0-rc2", "2.0.0-rc10") < 0);
        assertTrue(Versions.compare("2.0.0-rc1", "1.9.9") > 0);
    }

    @Test
    void missingPartsLeadingVAndBuildMetadataDoNotMatter() {
        assertEquals(0, Versions.compare("2.0", "2.0.0"));
        assertEquals(0, Versions.compare("v2.3.0", "2.3.0"));
        assertEquals(0, Versions.compare("2.3.0+build.7", "2.3.0"));
        assertEquals(0, Versions.compare("2.03", "2.3"));
    }

    @Test
    void wordsRankBelowNumbersInTheSamePlaceAndIgnoreCase() {
        assertTrue(Versions.compare("1.0.1", "1.0.beta") > 0);
        assertTrue(Versions.compare("1.0-alpha", "1.0-beta") < 0);
        assertEquals(0, Versions.compare("1.0-RC1", "1.0-rc1"));
        assertTrue(Versions.compare("2.0.0-rc.9", "2.0.0-rc.10") < 0);
    }

    @Test
    void theComparatorSortsReleasesInReleaseOrder() {
        List<String> versions = new ArrayList<>(List.of("1.10.0", "v1.9.2", "2.0.0", "2.0.0-rc1", "1.2", "10.0"));
        versions.sort(Versions.COMPARATOR);
        assertEquals(List.of("1.2", "v1.9.2", "1.10.0", "2.0.0-rc1", "2.0.0", "10.0"), versions);
        assertEquals("10.0", versions.stream().max(Versions.COMPARATOR).orElseThrow());
    }
}
