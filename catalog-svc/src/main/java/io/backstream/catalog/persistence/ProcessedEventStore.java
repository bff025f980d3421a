package io.backstream.catalog.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

import static io.backstream.catalog.persistence.Statements.bind;

/**
 * The {@code processed_events} table: which event ids each consumer already applied. Joins the caller's
 * transaction, so an id is recorded together with the change it guards.
 */
@Singleton
@Transactional
public class ProcessedEventStore {

    private final JdbcOperations jdbc;

    ProcessedEventStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether {@code consumer} already applied event {@code eventId}. */
    public boolean isProcessed(String consumer, String eventId) {
        return jdbc.prepareStatement("SELECT 1 FROM processed_events WHERE consumer = ? AND event_id = ?", ps -> {
            ps.setString(1, consumer);
            ps.setString(2, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** Records that {@code consumer} applied {@code eventId}; a no-op when already recorded. */
    public void markProcessed(String consumer, String eventId, Instant at) {
        if (!isProcessed(consumer, eventId)) {
            insertProcessed(consumer, eventId, at);
        }
    }

    /**
     * Records that {@code consumer} applied {@code eventId}, which {@link #isProcessed} has just answered false for in
     * this transaction; saves {@link #markProcessed}'s second look-up on the projection's path.
     */
    void insertProcessed(String consumer, String eventId, Instant at) {
        jdbc.prepareStatement("INSERT INTO processed_events (consumer, event_id, processed_at) VALUES (?, ?, ?)",
                ps -> {
                    bind(ps, List.of(consumer, eventId, at));
                    return ps.executeUpdate();
                });
    }

    /** Forgets processed event ids recorded before {@code before}; returns how many. */
    public int pruneProcessed(Instant before) {
        return jdbc.prepareStatement("DELETE FROM processed_events WHERE processed_at < ?", ps -> {
            bind(ps, List.of(before));
            return ps.executeUpdate();
        });
    }
}
