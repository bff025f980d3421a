package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
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
}
