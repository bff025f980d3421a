package io.backstream.scheduler.domain;

import io.backstream.schema.Compression;
import io.backstream.schema.event.Policy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Domain rules of a policy; every violation names its field. */
class PolicyValidatorTest {

    private static final Set<String> KNOWN = Set.of("db", "files");

    @Test
    void aCompletePolicyIsValid() {
        Policy policy = new Policy("nightly", List.of("db", "files"), "30 2 * * *", "Europe/Berlin", "@weekly", 6,
                "P7D", "s3", Compression.GZIP, 6, "key-1",
                new Policy.Retention(7, 7, 4, 12, 2, "P1Y"), "0 12 * * 0", true);
        assertEquals(List.of(), PolicyValidator.validate(policy, KNOWN::contains));
    }

    @Test
    void everyBrokenRuleNamesItsField() {
        Policy policy = new Policy("bad id!", List.of("db", "nope"), "61 * * * *", "Mars/Olympus", "@fortnightly", -1,
                "soon", "s3", Compression.GZIP, 12, null,
                new Policy.Retention(-1, 0, -2, null, null, "PT0S"), "* *", true);
        Map<String, String> byField = PolicyValidator.validate(policy, KNOWN::contains).stream()
                .collect(Collectors.toMap(Violation::field, Violation::message));
        assertEquals(Set.of("id", "targets[1]", "schedule", "timeZone", "fullSchedule", "maxIncrementalCount",
                "maxIncrementalSpan", "compressionLevel", "retention.keepLast", "retention.keepWeekly",
                "retention.maxAge", "drillSchedule"), byField.keySet());
        assertTrue(byField.get("targets[1]").contains("unknown target 'nope'"), byField.get("targets[1]"));
        assertTrue(byField.get("schedule").contains("61 * * * *"), byField.get("schedule"));
        assertTrue(byField.get("timeZone").contains("Mars/Olympus"), byField.get("timeZone"));
        assertTrue(byField.get("fullSchedule").contains("unknown macro"), byField.get("fullSchedule"));
        assertTrue(byField.get("maxIncrementalCount").contains("negative"), byField.get("maxIncrementalCount"));
        assertTrue(byField.get("compressionLevel").contains("between 1 and 9"), byField.get("compressionLevel"));
        assertTrue(byField.get("retention.maxAge").contains("positive"), byField.get("retention.maxAge"));
        assertTrue(byField.get("drillSchedule").contains("5 fields"), byField.get("drillSchedule"));
    }

    @Test
    void policyIdsMustFitIntoRunIds() {
        Policy longId = new Policy("p".repeat(PolicyValidator.MAX_POLICY_ID_LENGTH + 1), List.of("db"), "@daily", null,
                null, null, null, null, null, null, null, null, null, true);
        assertEquals(List.of("id"),
                PolicyValidator.validate(longId, KNOWN::contains).stream().map(Violation::field).toList());
    }

    @Test
    void keepLastZeroAloneKeepsNoBackupAndIsRefused() {
        assertEquals(List.of("retention.keepLast"), fields(new Policy.Retention(0, null, null, null, null, null)));
    }

    @Test
    void allZeroCountsAreRefusedNamingEachField() {
        assertEquals(List.of("retention.keepLast", "retention.keepDaily", "retention.keepWeekly",
                "retention.keepMonthly", "retention.keepYearly"), fields(new Policy.Retention(0, 0, 0, 0, 0, null)));
        assertEquals(List.of("retention.keepWeekly"), fields(new Policy.Retention(null, null, 0, null, null, null)));
    }

    @Test
    void aZeroCountBesideARuleThatKeepsIsValid() {
        assertEquals(List.of(), fields(new Policy.Retention(0, 7, null, null, null, null)));
        assertEquals(List.of(), fields(new Policy.Retention(0, null, null, null, null, "P30D")));
        assertEquals(List.of(), fields(new Policy.Retention(null, null, null, null, null, null)),
                "no rule at all keeps every backup");
    }

    @Test
    void aStoredPolicyThatKeepsNoBackupIsStillSchedulable() {
        Policy stored = policy(new Policy.Retention(0, null, null, null, null, null));
        assertEquals(List.of(), PolicyValidator.validateSchedulable(stored, KNOWN::contains),
                "stopping its backups would lose more than its retention can");
    }

    private static List<String> fields(Policy.Retention retention) {
        return PolicyValidator.validate(policy(retention), KNOWN::contains).stream().map(Violation::field).toList();
    }

    private static Policy policy(Policy.Retention retention) {
        return new Policy("nightly", List.of("db"), "@daily", null, null, null, null, null, null, null, null,
                retention, null, true);
    }
}
