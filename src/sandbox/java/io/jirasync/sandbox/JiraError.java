package io.jirasync.sandbox;

/** Ends a sandbox request with Jira's own error answer (not the worker's problem+json). */
public final class JiraError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient Reply reply;

    JiraError(Reply reply) {
        super(null, null, false, false);
        this.reply = reply;
    }

    static JiraError of(int status, String message) {
        return new JiraError(Reply.error(status, message));
    }
}
