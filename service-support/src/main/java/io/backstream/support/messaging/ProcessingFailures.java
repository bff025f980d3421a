package io.backstream.support.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that waiting can cure (an outage: database or broker unreachable, a timeout, an I/O error,
 * an object store 5xx) from one that the same event will hit on every try (a constraint violation, a broken
 * invariant, a type mismatch). The whole cause chain is read, and an outage anywhere in it wins: a permanent
 * looking wrapper around a refused connection is still an outage. What is neither is taken for an outage, so an
 * unknown failure blocks and retries as before rather than dropping an event.
 */
public final class ProcessingFailures {

    /** What kind of failure it is. */
    public enum Kind {
        /** Will pass by itself: retry, never dead-letter. */
        OUTAGE,
        /** Will recur for this event: dead-letter after a bounded number of tries. */
        PERMANENT
    }

    /** SQLSTATE classes of data exceptions (22) and integrity constraint violations (23). */
    private static final Set<String> PERMANENT_SQL_STATES = Set.of("22", "23");
    /** SQLSTATE classes of connection (08), resource (53), operator (57), system (58) and rollback (40) errors. */
    private static final Set<String> OUTAGE_SQL_STATES = Set.of("08", "40", "53", "57", "58");

    private ProcessingFailures() {
    }

    /** The kind of {@code failure}, judged from it and all its causes. */
    public static Kind classify(Throwable failure) {
        boolean permanent = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (isOutage(t)) {
                return Kind.OUTAGE;
            }
            permanent |= isPermanent(t);
        }
        return permanent ? Kind.PERMANENT : Kind.OUTAGE;
    }

    private static boolean isOutage(Throwable t) {
        if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                || t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException
                || t instanceof InterruptedException || t instanceof DeadLetterPublisher.DeadLetterException) {
            return true;
        }
        if (t instanceof SQLException sql && sqlStateClass(sql) != null) {
            return OUTAGE_SQL_STATES.contains(sqlStateClass(sql));
        }
        // the AWS SDK and other HTTP clients: a 5xx or throttling answer passes; their types are not on this classpath
        Integer status = httpStatus(t);
        return status != null && (status >= 500 || status == 429 || status == 408);
    }

    private static boolean isPermanent(Throwable t) {
        if (t instanceof SQLException sql) {
            return sqlStateClass(sql) != null && PERMANENT_SQL_STATES.contains(sqlStateClass(sql));
        }
        return t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof ClassCastException || t instanceof ArithmeticException
                || t instanceof IndexOutOfBoundsException || t instanceof UnsupportedOperationException
                || t.getClass().getSimpleName().equals("DataIntegrityViolationException");
    }

    private static String sqlStateClass(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.length() < 2 ? null : state.substring(0, 2);
    }

    /** The status of an exception with a public {@code statusCode()} (AWS SDK service exceptions). */
    private static Integer httpStatus(Throwable t) {
        try {
            Object status = t.getClass().getMethod("statusCode").invoke(t);
            return status instanceof Integer code ? code : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
