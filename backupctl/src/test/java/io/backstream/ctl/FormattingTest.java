package io.backstream.ctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.schema.Json;
import io.backstream.schema.catalog.BackupDetail;
import io.backstream.schema.catalog.BackupPage;
import io.backstream.schema.catalog.RetentionPreview;
import io.backstream.schema.catalog.TargetList;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FormattingTest {

    @Test
    void shortAndIsoDurations() {
        assertEquals(Duration.ofDays(7), Durations.parse("7d"));
        assertEquals(Duration.ofHours(12), Durations.parse("12h"));
        assertEquals(Duration.ofMinutes(30), Durations.parse("30m"));
        assertEquals(Duration.ofSeconds(45), Durations.parse("45s"));
        assertEquals(Duration.ofDays(14), Durations.parse("2w"));
        assertEquals(Duration.ofHours(1), Durations.parse("PT1H"));
        assertEquals(Duration.ofDays(3), Durations.parse("P3D"));
        assertEquals(Duration.ofDays(7), Durations.parse(" 7D "));
    }

    @Test
    void badDurationsNameTheAcceptedForms() {
        IllegalArgumentException unknownUnit = assertThrows(IllegalArgumentException.class, () -> Durations.parse("7x"));
        assertTrue(unknownUnit.getMessage().contains("7d"), unknownUnit.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("0d"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-PT1H"));
    }

    @Test
    void binaryByteUnits() {
        assertEquals("0 B", Format.bytes(0));
        assertEquals("1023 B", Format.bytes(1023));
        assertEquals("1.0 KiB", Format.bytes(1024));
        assertEquals("1.5 MiB", Format.bytes(1024 * 1024 + 512 * 1024));
        assertEquals("3.0 GiB", Format.bytes(3L * 1024 * 1024 * 1024));
    }

    @Test
    void humanDurationsAndTimes() {
        assertEquals("45s", Format.duration(Duration.ofSeconds(45)));
        assertEquals("3m05s", Format.duration(Duration.ofSeconds(185)));
        assertEquals("2h07m", Format.duration(Duration.ofMinutes(127)));
        assertEquals("2026-11-21 10:00:05Z", Format.time("2026-11-21T10:00:05.123Z"));
        assertEquals("", Format.time((String) null));
        assertEquals("2026-11-21 10:00:05Z", Format.time(Instant.parse("2026-11-21T10:00:05.123Z")));
        assertEquals("", Format.time((Instant) null));
    }

    @Test
    void tableAlignsColumnsWithoutTrailingBlanks() {
        String table = new Table("ID", "STATUS", "SIZE")
                .row("b-1", "COMPLETED", "1.0 KiB")
                .row("backup-22", "FAILED", null)
                .render();
        assertEquals("""
                ID         STATUS     SIZE
                b-1        COMPLETED  1.0 KiB
                backup-22  FAILED
                """, table);
    }

    @Test
    void tableRejectsRowsOfTheWrongWidth() {
        assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("only one"));
    }

    @Test
    void restoreProgressLineShowsBytesRateAndEta() {
        assertEquals("restore r1: RUNNING 12.0 MiB / 48.0 MiB (25%) 4.0 MiB/s ETA 9s",
                Progress.restoreLine("r1", "RUNNING", 12L << 20, 48L << 20, 4 << 20));
        assertEquals("restore r1: REQUESTED", Progress.restoreLine("r1", "REQUESTED", 0, 0, 0));
        assertEquals("restore r1: COMPLETED 48.0 MiB / 48.0 MiB (100%) 4.0 MiB/s",
                Progress.restoreLine("r1", "COMPLETED", 48L << 20, 48L << 20, 4 << 20));
    }

    @Test
    void progressRateComesFromTheBytesBetweenPolls() {
        StringWriter err = new StringWriter();
        AtomicLong nanos = new AtomicLong();
        Progress progress = new Progress(new PrintWriter(err), false, nanos::get);
        progress.restore("r1", "RUNNING", 1L << 20, 9L << 20);
        nanos.set(2_000_000_000L);
        progress.restore("r1", "RUNNING", 5L << 20, 9L << 20);
        progress.restore("r1", "RUNNING", 5L << 20, 9L << 20);
        progress.finish();
        assertEquals("restore r1: RUNNING 1.0 MiB / 9.0 MiB (11%)\n"
                + "restore r1: RUNNING 5.0 MiB / 9.0 MiB (55%) 2.0 MiB/s ETA 2s\n", err.toString());
    }

    @Test
    void backupProgressLogsEachStateOnceWhenNotATerminal() {
        StringWriter err = new StringWriter();
        Progress progress = new Progress(new PrintWriter(err), false, System::nanoTime);
        progress.backup("b1", "REQUESTED");
        progress.backup("b1", "REQUESTED");
        progress.backup("b1", "UPLOADING");
        assertEquals("backup b1: REQUESTED\nbackup b1: UPLOADING\n", err.toString());
    }

    @Test
    void pointInTimeIsIsoNowOrADurationAgo() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T12:00:00.700Z"), ZoneOffset.UTC);
        assertEquals(Instant.parse("2026-11-21T10:00:00Z"), RestoreCommand.pointInTime("2026-11-21T11:00:00+01:00", clock));
        assertEquals(Instant.parse("2026-11-21T12:00:00Z"), RestoreCommand.pointInTime("now", clock));
        assertEquals(Instant.parse("2026-11-21T10:00:00Z"), RestoreCommand.pointInTime("2h", clock));
        assertThrows(IllegalArgumentException.class, () -> RestoreCommand.pointInTime("yesterday", clock));
    }

    @Test
    void backupListTable() throws Exception {
        String page = """
                {"items":[{"id":"b-2","targetId":"db","type":"FULL","status":"COMPLETED",
                  "createdAt":"2026-11-21T10:00:00Z","size":2048},
                 {"id":"b-1","targetId":"db","type":"INCREMENTAL","status":"FAILED","failureReason":"timeout",
                  "createdAt":"2026-11-20T10:00:00Z"}]}""";
        assertEquals("""
                ID   TARGET  TYPE         STATUS     CREATED               SIZE     REASON
                b-2  db      FULL         COMPLETED  2026-11-21 10:00:00Z  2.0 KiB
                b-1  db      INCREMENTAL  FAILED     2026-11-20 10:00:00Z           timeout
                """, ListCommand.table(Json.newMapper().readValue(page, BackupPage.class)));
    }

    @Test
    void problemDetailIsTheErrorLine() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("No backup with id x (HTTP 404)", ServiceClient.problem(404,
                json.readTree("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"No backup with id x\"}"),
                "ignored"));
        assertEquals("Bad Request (HTTP 400)", ServiceClient.problem(400, json.readTree("{\"title\":\"Bad Request\"}"), ""));
        assertEquals("HTTP 502: bad gateway", ServiceClient.problem(502, null, "bad gateway"));
    }

    @Test
    void retentionPreviewTable() throws Exception {
        String preview = """
                {"policyId":"nightly","timeZone":"UTC","evaluatedAt":"2026-11-21T12:00:00Z","backups":[
                 {"backupId":"b-2","targetId":"db","createdAt":"2026-11-21T02:00:00Z","type":"FULL",
                  "status":"COMPLETED","decision":"keep","rule":"keepLast"},
                 {"backupId":"b-1","targetId":"db","createdAt":"2026-11-20T02:00:00Z","type":"FULL",
                  "status":"COMPLETED","decision":"delete","rule":"maxAge"}]}""";
        assertEquals("""
                Policy nightly (UTC), evaluated 2026-11-21 12:00:00Z
                ID   TARGET  CREATED               TYPE  STATUS     DECISION  RULE
                b-2  db      2026-11-21 02:00:00Z  FULL  COMPLETED  keep      keepLast
                b-1  db      2026-11-20 02:00:00Z  FULL  COMPLETED  delete    maxAge
                1 kept, 1 to delete
                """, RetentionCommand.render(Json.newMapper().readValue(preview, RetentionPreview.class)));
    }

    @Test
    void backupDetailLinesLeaveOutWhatTheCatalogDoesNotKnow() throws Exception {
        String detail = """
                {"id":"b-1","targetId":"db","targetKind":"POSTGRES","type":"FULL","status":"COMPLETED",
                 "createdAt":"2026-11-21T10:00:00Z","finishedAt":"2026-11-21T10:01:05Z",
                 "sizes":{"rawBytes":4096,"storedBytes":2048,"uploadedBytes":2048},"durations":{"totalSeconds":65.0},
                 "checksums":{"snapshotSha256":"aa","uploadSha256":"bb"},
                 "location":{"storage":"s3","bucket":"backups","key":"k/b-1.tar.zst"},
                 "manifest":{"chunkCount":3,"fileCount":12,"rawBytes":4096,"warnings":[]},"chain":{"childIds":["b-2"]}}""";
        BackupDetail backup = Json.newMapper().readValue(detail, BackupDetail.class);
        assertEquals("""
                ID        b-1
                Target    db (POSTGRES)
                Type      FULL
                Status    COMPLETED
                Created   2026-11-21 10:00:00Z
                Finished  2026-11-21 10:01:05Z
                Size      4.0 KiB raw, 2.0 KiB stored, 2.0 KiB uploaded
                Duration  1m05s
                Files     12 in 3 chunks
                Storage   s3, backups/k/b-1.tar.zst
                SHA-256   bb
                Children  b-2
                """, ShowCommand.render(backup));
        assertEquals("Backup b-1 of db COMPLETED, 2.0 KiB in 1m05s", BackupCommand.summary(backup));
    }

    @Test
    void targetTable() throws Exception {
        String targets = """
                {"items":[{"id":"db","workerId":"w1","kind":"POSTGRES","announcedAt":"2026-11-20T00:00:00Z",
                  "lastBackup":{"id":"b-2","status":"FAILED","createdAt":"2026-11-21T10:00:00Z"},
                  "lastSuccess":{"id":"b-1","status":"COMPLETED","createdAt":"2026-11-20T10:00:00Z"}},
                 {"id":"files","kind":"DIRECTORY","description":"home","announcedAt":"2026-11-20T00:00:00Z"}]}""";
        assertEquals("""
                ID     KIND       WORKER  LAST BACKUP                  LAST SUCCESS          DESCRIPTION
                db     POSTGRES   w1      FAILED 2026-11-21 10:00:00Z  2026-11-20 10:00:00Z
                files  DIRECTORY                                                             home
                """, TargetsCommand.table(Json.newMapper().readValue(targets, TargetList.class)));
    }
}
