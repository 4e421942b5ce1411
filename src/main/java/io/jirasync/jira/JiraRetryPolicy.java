package io.jirasync.jira;

import java.util.function.Predicate;

/** Tells SmallRye's {@code @RetryWhen} to retry only what can succeed on retry: 429, 5xx and I/O failures. */
public class JiraRetryPolicy implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        return failure instanceof JiraException e && e.retryable();
    }
}
