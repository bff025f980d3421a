package io.backstream.support.messaging;

import io.backstream.support.messaging.ProcessingFailures.Kind;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProcessingFailuresTest {

    @Test
    void constraintViolationsDataErrorsAndBrokenInvariantsArePermanent() {
        assertEquals(Kind.PERMANENT, ProcessingFailures.classify(new IllegalStateException("invariant")));
        assertEquals(Kind.PERMANENT, ProcessingFailures.classify(new ClassCastException()));
        // PostgreSQL's "value too long" and a unique violation, as the driver reports them
        assertEquals(Kind.PERMANENT, ProcessingFailures.classify(
                new RuntimeException("insert failed", new SQLException("value too long", "22001"))));
        assertEquals(Kind.PERMANENT, ProcessingFailures.classify(
                new RuntimeException(new SQLIntegrityConstraintViolationException("duplicate key", "23505"))));
    }

    @Test
    void outagesAnywhereInTheChainAndUnknownFailuresAreOutages() {
        assertEquals(Kind.OUTAGE, ProcessingFailures.classify(new IllegalStateException("projection failed",
                new SQLTransientConnectionException("refused", "08001"))));
        assertEquals(Kind.OUTAGE, ProcessingFailures.classify(new IllegalStateException("projection failed",
                new SQLException("the database system is shutting down", "57P03"))));
        assertEquals(Kind.OUTAGE, ProcessingFailures.classify(
                new IllegalArgumentException(new UncheckedIOException(new ConnectException("refused")))));
        assertEquals(Kind.OUTAGE, ProcessingFailures.classify(new IllegalStateException(new ServiceFailure(503))));
        assertEquals(Kind.OUTAGE, ProcessingFailures.classify(new RuntimeException("who knows")));
        assertEquals(Kind.PERMANENT, ProcessingFailures.classify(new IllegalStateException(new ServiceFailure(400))));
    }

    /** Shaped like an AWS SDK service exception: a public statusCode(). */
    public static final class ServiceFailure extends RuntimeException {
        private final int status;

        ServiceFailure(int status) {
            super("status " + status);
            this.status = status;
        }

        public int statusCode() {
            return status;
        }
    }
}
