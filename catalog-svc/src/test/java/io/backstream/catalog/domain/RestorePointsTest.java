package io.backstream.catalog.domain;

import io.backstream.catalog.domain.RestorePoints.Candidate;
import io.backstream.schema.BackupType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RestorePointsTest {

    private static final Instant DAY1 = Instant.parse("2026-11-01T00:00:00Z");

    private static Candidate full(String id, int hour, BackupStatus status) {
        return new Candidate(id, BackupType.FULL, status, null, DAY1.plusSeconds(hour * 3600L));
    }

    private static Candidate incr(String id, String parent, int hour, BackupStatus status) {
        return new Candidate(id, BackupType.INCREMENTAL, status, parent, DAY1.plusSeconds(hour * 3600L));
    }

    private static final BackupStatus OK = BackupStatus.COMPLETED;

    private static final List<Candidate> HISTORY = List.of(
            full("f1", 0, OK),
            incr("i1", "f1", 1, OK),
            incr("i2", "i1", 2, OK),
            full("f2", 10, OK),
            incr("i3", "f2", 11, OK),
            incr("i4", "i3", 12, BackupStatus.FAILED),
            incr("i5", "i3", 13, OK),
            full("f3", 20, BackupStatus.FAILED),
            full("f4", 21, BackupStatus.DELETED),
            incr("i6", "f4", 22, OK),
            incr("i7", "i5", 23, BackupStatus.DELETED),
            incr("i8", "i7", 24, OK));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no backups at all", List.of(), 5, null),
                Arguments.of("only incrementals", List.of(incr("i1", "f0", 1, OK)), 5, null),
                Arguments.of("before the first full", HISTORY, -1, null),
                Arguments.of("exactly at the full", HISTORY, 0, List.of("f1")),
                Arguments.of("full only", List.of(full("f1", 0, OK)), 5, List.of("f1")),
                Arguments.of("full and incrementals", HISTORY, 5, List.of("f1", "i1", "i2")),
                Arguments.of("at between incrementals", HISTORY, 1, List.of("f1", "i1")),
                Arguments.of("newer full wins", HISTORY, 10, List.of("f2")),
                Arguments.of("failed incremental skipped, sibling followed", HISTORY, 13,
                        List.of("f2", "i3", "i5")),
                Arguments.of("failed and deleted fulls skipped; deleted link ends the chain", HISTORY, 30,
                        List.of("f2", "i3", "i5")),
                Arguments.of("only failed full", List.of(full("f1", 0, BackupStatus.FAILED)), 5, null),
                Arguments.of("running full ignored", List.of(full("f1", 0, OK), full("f2", 3, BackupStatus.UPLOADING)),
                        5, List.of("f1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolves(String name, List<Candidate> backups, int atHour, List<String> expected) {
        Optional<List<Candidate>> chain = RestorePoints.resolve(backups, DAY1.plusSeconds(atHour * 3600L));
        assertEquals(Optional.ofNullable(expected), chain.map(list -> list.stream().map(Candidate::id).toList()),
                name);
    }
}
