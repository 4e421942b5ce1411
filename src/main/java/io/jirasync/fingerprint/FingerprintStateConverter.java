package io.jirasync.fingerprint;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link FingerprintState} as its wire name, which the table's check constraint lists. */
@Converter(autoApply = true)
public class FingerprintStateConverter implements AttributeConverter<FingerprintState, String> {

    @Override
    public String convertToDatabaseColumn(FingerprintState state) {
        return state == null ? null : state.wire();
    }

    @Override
    public FingerprintState convertToEntityAttribute(String value) {
        return value == null ? null
                : FingerprintState.fromWire(value)
                        .orElseThrow(() -> new IllegalStateException("Unknown fingerprint state in the database: " + value));
    }
}
