package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backstream.schema.event.BackupRequested;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/events.md is part of the contract: every example there must decode with this build. */
class EventsDocTest {

    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("(?m)^#{2,4} .*$");
    private static final Pattern KCAT = Pattern.compile(
            "(?m)^kcat -P -b 127\\.0\\.0\\.1:9092 -t backup\\.requests -k (\\S+) <<'EOF'\\n(.*)\\nEOF$");

    private static final EventCodec CODEC = new EventCodec();
    private static String doc;

    @BeforeAll
    static void readDoc() throws IOException {
        doc = Files.readString(locate());
    }

    @Test
    void everyJsonExampleDecodesAndEveryTypeHasOne() {
        Set<EventType> seen = EnumSet.noneOf(EventType.class);
        Matcher block = JSON_BLOCK.matcher(doc);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            CloudEvent<?> event;
            try {
                event = CODEC.decode(Samples.utf8(block.group(1)));
            } catch (EventRejectedException e) {
                fail("Example " + blocks + " in events.md does not decode: " + e.getMessage());
                return;
            }
            EventType type = EventType.fromType(event.type()).orElseThrow();
            assertTrue(headingBefore(block.start()).contains(type.type()),
                    "Example of " + type.type() + " is not under a heading naming it");
            assertEquals(type.topic(), Topics.spec(type.topic()).name());
            seen.add(type);
        }
        assertEquals(EnumSet.allOf(EventType.class), seen, "event types without an example in events.md");
    }

    @Test
    void kcatExamplePublishesAValidBackupRequestedKeyedByTarget() throws EventRejectedException {
        Matcher kcat = KCAT.matcher(doc);
        assertTrue(kcat.find(), "events.md has no kcat command for backup.requests");
        String body = kcat.group(2);
        assertTrue(!body.contains("\n"), "kcat splits stdin at newlines: the event must be one line");
        CloudEvent<BackupRequested> event = CODEC.decode(Samples.utf8(body), BackupRequested.class);
        assertEquals(kcat.group(1), event.data().targetId(), "record key must be the target id");
    }

    @Test
    void documentsEveryTopicAndDlqHeader() {
        for (Topics.TopicSpec spec : Topics.all()) {
            assertTrue(doc.contains("| `" + spec.name() + "` | " + spec.key() + " |"), spec.name());
        }
        for (String header : new String[] {DeadLetterHeaders.ERROR_CLASS, DeadLetterHeaders.ERROR_MESSAGE,
                DeadLetterHeaders.SOURCE_TOPIC, DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.SOURCE_OFFSET,
                DeadLetterHeaders.REASON}) {
            assertTrue(doc.contains("`" + header + "`"), header);
        }
        ChunkHeaders.NAMES.forEach(header -> assertTrue(doc.contains("`" + header + "`"), header));
    }

    @Test
    void eachTopicRowListsExactlyTheTypesItAccepts() {
        for (Topics.TopicSpec spec : Topics.all()) {
            Matcher row = Pattern.compile("(?m)^\\| `" + Pattern.quote(spec.name()) + "` \\|[^|]*\\|([^|]*)\\|")
                    .matcher(doc);
            assertTrue(row.find(), "no table row for " + spec.name());
            Set<String> listed = new TreeSet<>();
            Matcher name = Pattern.compile("`([A-Z][A-Za-z]+)`").matcher(row.group(1));
            while (name.find()) {
                listed.add(name.group(1));
            }
            Set<String> accepted = new TreeSet<>();
            EventType.acceptedOn(spec.name()).forEach(type -> accepted.add(type.dataClass().getSimpleName()));
            assertEquals(accepted, listed, "types listed for " + spec.name());
        }
        assertTrue(doc.contains("`" + EventRejectedException.Reason.WRONG_TOPIC + "`"), "WRONG_TOPIC is documented");
    }

    private static String headingBefore(int position) {
        Matcher heading = HEADING.matcher(doc.substring(0, position));
        String last = "";
        while (heading.find()) {
            last = heading.group();
        }
        return last;
    }

    /** Walks up from the working directory (the module basedir under Maven) to find docs/events.md. */
    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("events.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/events.md not found above " + Path.of("").toAbsolutePath());
    }
}
