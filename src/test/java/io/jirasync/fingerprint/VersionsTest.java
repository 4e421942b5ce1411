package io.jirasync.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
