package io.jirasync.domain;

import java.util.List;

/** A request a service refuses because of its content, with one entry per bad field. */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One rejected field: a path such as {@code users[2].tracker}, and why. */
    public record Field(String field, String message) {
    }

    private final transient List<Field> fields;

    public InvalidInputException(List<Field> fields) {
        super(fields.size() == 1 ? fields.get(0).field() + ": " + fields.get(0).message()
                : fields.size() + " fields are invalid");
        this.fields = List.copyOf(fields);
    }

    /** One bad field. */
    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(List.of(new Field(field, message)));
    }

    /** The rejected fields. */
    public List<Field> fields() {
        return fields;
    }
}
