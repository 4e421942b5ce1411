package io.jirasync.jira;

import java.net.ConnectException;
import java.util.function.Predicate;

/**
 * Retries of a create: only when Jira certainly did not act on it (429, or no connection was made). A 5xx or a
 * lost answer may hide a created issue, so those go back to the outbox, which looks for the ticket's marker
 * label before trying again instead of creating a second ticket.
 */
public class CreateRetryPolicy implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        if (!(failure instanceof JiraException e)) {
            return false;
        }
        if (e.kind() == JiraException.Kind.HTTP) {
            return e.status() == 429;
        }
        return e.kind() == JiraException.Kind.UNREACHABLE && causedBy(e, ConnectException.class);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
