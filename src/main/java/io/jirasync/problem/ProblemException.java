package io.jirasync.problem;

import java.util.List;

/** Thrown by services for an outcome the caller must see as a problem document (404, 409, 422 ...). */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(int status, String title, String detail) {
        this(new Problem(status, title, detail));
    }

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        this(new Problem("about:blank", title, status, detail, errors));
    }

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 400 for one bad field. */
    public static ProblemException badField(String field, String message) {
        return new ProblemException(400, "Invalid request", field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    /** 404 for a thing that does not exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail);
    }
}
