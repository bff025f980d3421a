package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyTopicHasASpecWithTheDocumentedConfigs() {
        assertEquals(List.of("backup.requests", "backup.chunks", "backup.events", "backup.targets",
                        "backup.policies", "restore.requests", "restore.events", "backup.deletions"),
                Topics.all().stream().map(Topics.TopicSpec::name).toList());
        assertEquals("16777216", Topics.spec(Topics.BACKUP_CHUNKS).configs().get("max.message.bytes"));
        assertEquals("compact", Topics.spec(Topics.BACKUP_TARGETS).configs().get("cleanup.policy"));
        assertEquals("compact", Topics.spec(Topics.BACKUP_POLICIES).configs().get("cleanup.policy"));
        assertEquals("targetId", Topics.spec(Topics.BACKUP_REQUESTS).key());
    }

    @Test
    void dlqsMirrorTheirSourceWithLongRetention() {
        Topics.TopicSpec dlq = Topics.spec("backup.chunks.dlq");
        assertEquals(Topics.dlqSpec(Topics.BACKUP_CHUNKS), dlq);
        assertEquals("backup.chunks.dlq", Topics.dlq(Topics.BACKUP_CHUNKS));
        assertEquals("16777216", dlq.configs().get("max.message.bytes"));
        assertEquals("2592000000", dlq.configs().get("retention.ms"));
        assertEquals("delete", Topics.dlqSpec(Topics.BACKUP_POLICIES).configs().get("cleanup.policy"));
        assertEquals(16, Topics.allWithDlqs().size());
        assertThrows(IllegalArgumentException.class, () -> Topics.spec("nope"));
        assertThrows(IllegalArgumentException.class, () -> Topics.dlqSpec("backup.chunks.dlq"));
    }

    @Test
    void eachTopicAcceptsExactlyItsOwnEventTypes() {
        assertEquals(EnumSet.of(EventType.BACKUP_REQUESTED), EventType.acceptedOn(Topics.BACKUP_REQUESTS));
        assertEquals(EnumSet.of(EventType.TARGET_ANNOUNCED), EventType.acceptedOn(Topics.BACKUP_TARGETS));
        assertEquals(EnumSet.of(EventType.POLICY), EventType.acceptedOn(Topics.BACKUP_POLICIES));
        assertEquals(EnumSet.of(EventType.RESTORE_REQUESTED), EventType.acceptedOn(Topics.RESTORE_REQUESTS));
        assertEquals(EnumSet.of(EventType.DELETE_REQUESTED), EventType.acceptedOn(Topics.BACKUP_DELETIONS));
        assertEquals(EnumSet.of(EventType.RESTORE_STARTED, EventType.RESTORE_PROGRESS, EventType.RESTORE_COMPLETED,
                EventType.RESTORE_FAILED), EventType.acceptedOn(Topics.RESTORE_EVENTS));
        assertEquals(EnumSet.of(EventType.SNAPSHOT_STARTED, EventType.SNAPSHOT_COMPLETED, EventType.SNAPSHOT_SKIPPED,
                EventType.SNAPSHOT_FAILED, EventType.UPLOAD_COMPLETED, EventType.UPLOAD_FAILED,
                EventType.BACKUP_VERIFIED, EventType.BACKUP_VERIFICATION_FAILED, EventType.BACKUP_DELETED,
                EventType.BACKUP_DELETE_FAILED, EventType.BACKUP_DISCOVERED), EventType.acceptedOn(Topics.BACKUP_EVENTS));
        // chunk records are not CloudEvents; DLQs and unknown topics accept nothing
        assertEquals(Set.of(), EventType.acceptedOn(Topics.BACKUP_CHUNKS));
        assertEquals(Set.of(), EventType.acceptedOn(Topics.dlq(Topics.RESTORE_REQUESTS)));
        assertEquals(Set.of(), EventType.acceptedOn("restore.requests-elsewhere"));
    }

    @Test
    void everyEventTypeIsAcceptedOnExactlyOneTopic() {
        for (EventType type : EventType.values()) {
            List<String> topics = Topics.all().stream().map(Topics.TopicSpec::name)
                    .filter(topic -> EventType.acceptedOn(topic).contains(type)).toList();
            assertEquals(List.of(type.topic()), topics, type.name());
            assertDoesNotThrow(() -> type.requireOn(type.topic()));
        }
    }

    @Test
    void aTypeReadFromAnotherTopicIsRefusedNamingTypeAndTopic() {
        EventRejectedException e = assertThrows(EventRejectedException.class,
                () -> EventType.DELETE_REQUESTED.requireOn(Topics.RESTORE_REQUESTS));
        assertEquals(EventRejectedException.Reason.WRONG_TOPIC, e.reason());
        assertTrue(e.getMessage().contains("backstream.backup.delete-requested.v1"), e.getMessage());
        assertTrue(e.getMessage().contains("restore.requests"), e.getMessage());
        assertThrows(EventRejectedException.class, () -> EventType.POLICY.requireOn(Topics.BACKUP_TARGETS));
        assertThrows(EventRejectedException.class, () -> EventType.TARGET_ANNOUNCED.requireOn(Topics.BACKUP_POLICIES));
        assertThrows(EventRejectedException.class, () -> EventType.POLICY.requireOn(null));
    }
}
