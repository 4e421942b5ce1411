package io.jirasync.outbound;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link TaskState} as the strings the {@code sync_task.state} column has always held. */
@Converter(autoApply = true)
public class TaskStateConverter implements AttributeConverter<TaskState, String> {

    @Override
    public String convertToDatabaseColumn(TaskState state) {
        return state == null ? null : state.db();
    }

    @Override
    public TaskState convertToEntityAttribute(String value) {
        return value == null ? null : TaskState.of(value);
    }
}
