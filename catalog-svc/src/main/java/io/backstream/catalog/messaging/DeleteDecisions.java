package io.backstream.catalog.messaging;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.persistence.CatalogProjection;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.EventCodec;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.support.messaging.EventPublisher;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The catalog's own decisions to delete a backup, from retention or an operator: the backup is marked DELETING
 * in the catalog first, then its {@code DeleteRequested} (the catalog's storage and keys) is published on
 * backup.deletions for restore-svc. The mark is what makes the request genuine: a request the catalog did not
 * mark is refused by the catalog and by restore-svc. A decision whose publish fails, or whose answer is lost,
 * leaves the backup DELETING without an outcome: {@link #requestAgain} asks once more.
 */
@Singleton
@Requires(property = "kafka.enabled", notEquals = "false")
public class DeleteDecisions {

    private final CatalogProjection projection;
    private final EventPublisher publisher;
    private final EventCodec codec;

    DeleteDecisions(CatalogProjection projection, EventPublisher publisher, EventCodec codec) {
        this.projection = projection;
        this.publisher = publisher;
        this.codec = codec;
    }

    /**
     * Marks {@code backup} for deletion and publishes the request.
     *
     * @param eventId the decision's event id: the same decision made twice is one request
     * @return the request as published
     * @throws io.backstream.catalog.domain.LifecycleEventRefused when the backup cannot be deleted now
     */
    public DeleteRequested decide(String eventId, Backup backup, String reason, String requestedBy, Instant now) {
        CloudEvent<DeleteRequested> event = request(eventId, backup, reason, requestedBy, now);
        projection.markForDeletion(CatalogListener.CONSUMER, event);
        publisher.publish(backup.id(), event);
        return event.data();
    }

    /**
     * Requests the delete of a DELETING backup again, under a new event id so that consumers which saw the first
     * request do not drop it as a duplicate; restore-svc counts objects already gone as deleted. The request time
     * moves first, so a failing publish is retried a whole timeout later, not at every sweep.
     *
     * @param deadline only a delete requested before it is requested again
     * @return false when the backup is no longer DELETING, or was requested again meanwhile
     */
    public boolean requestAgain(Backup backup, String requestedBy, Instant deadline, Instant now) {
        if (!projection.renewDeletion(backup.id(), deadline, now)) {
            return false;
        }
        publisher.publish(backup.id(), request("delete-again-" + backup.id() + "-" + now.toEpochMilli(), backup,
                "no-answer", requestedBy, now));
        return true;
    }

    private CloudEvent<DeleteRequested> request(String eventId, Backup backup, String reason, String requestedBy,
                                                Instant now) {
        String key = backup.upload() == null ? null : backup.upload().key();
        String manifestKey = backup.upload() == null ? null : backup.upload().manifestKey();
        return codec.create(eventId, now.truncatedTo(ChronoUnit.MILLIS), "/catalog-svc", backup.id(),
                new DeleteRequested(backup.id(), backup.storage(), key, manifestKey, reason, requestedBy, now));
    }
}
