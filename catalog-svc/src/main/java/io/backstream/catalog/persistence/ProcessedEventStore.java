package io.backstream.catalog.persistence;

import io.backstream.support.messaging.ProcessedEvent;
import io.backstream.support.messaging.ProcessedEventIds;
import io.backstream.support.messaging.ProcessedEventIds.Seen;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

import static io.backstream.catalog.persistence.Statements.bind;

/**
 * The {@code processed_events} table: which events (type, id, payload hash) each consumer already applied. Joins the caller's
 * transaction, so an id is recorded together with the change it guards.
 */
@Singleton
@Transactional
public class ProcessedEventStore {

    private final JdbcOperations jdbc;

    ProcessedEventStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Whether {@code consumer} already applied an event of {@code event}'s type and id, and with which payload.
     * Rows recorded before types and hashes were kept (type '') match any type as plain duplicates.
     */
    public Seen seen(String consumer, ProcessedEvent event) {
        return jdbc.prepareStatement("SELECT payload_sha256 FROM processed_events"
                + " WHERE consumer = ? AND event_id = ? AND event_type IN (?, '')", ps -> {
            bind(ps, List.of(consumer, event.id(), event.type()));
            Seen seen = Seen.NEW;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && seen != Seen.DUPLICATE) {
                    seen = ProcessedEventIds.compare(rs.getString(1), event);
                }
            }
            return seen;
        });
    }

    /** Records that {@code consumer} applied {@code event}; a no-op when its type and id are already recorded. */
    public void markProcessed(String consumer, ProcessedEvent event, Instant at) {
        if (seen(consumer, event) == Seen.NEW) {
            insertProcessed(consumer, event, at);
        }
    }

    /**
     * Records that {@code consumer} applied {@code event}, which {@link #seen} has just answered NEW for in this
     * transaction; saves {@link #markProcessed}'s second look-up on the projection's path.
     */
    void insertProcessed(String consumer, ProcessedEvent event, Instant at) {
        jdbc.prepareStatement("INSERT INTO processed_events (consumer, event_type, event_id, payload_sha256,"
                        + " processed_at) VALUES (?, ?, ?, ?, ?)",
                ps -> {
                    bind(ps, List.of(consumer, event.type(), event.id(), event.payloadSha256(), at));
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
