package io.jirasync.outbound;

/** Runs the tasks of one kind; the dispatcher picks the handler by {@link #kind()}. */
public interface SyncTaskHandler {

    /** The kind of task this handler runs. */
    TaskKind kind();

    /**
     * Runs one attempt of the task. Exceptions are turned into outcomes by the dispatcher (Jira's 429/5xx/I-O into
     * a retry, other Jira refusals into a failure), so a handler returns only the outcomes it decides itself.
     */
    TaskOutcome run(SyncTask task);
}
