package io.backstream.scheduler.domain;

import io.backstream.schema.event.Policy;

import java.util.List;

/** Policies for domain tests. */
final class Policies {

    private Policies() {
    }

    static Policy policy(String id, String schedule, String zone, String... targets) {
        return new Policy(id, List.of(targets), schedule, zone, null, null, null, "s3", null, null, null, null, null,
                true);
    }

    static Policy withCadence(Policy p, String fullSchedule, Integer maxCount, String maxSpan) {
        return new Policy(p.id(), p.targets(), p.schedule(), p.timeZone(), fullSchedule, maxCount, maxSpan,
                p.storage(), p.compression(), p.compressionLevel(), p.encryptionKeyId(), p.retention(),
                p.drillSchedule(), p.enabled());
    }

    static Policy withDrill(Policy p, String drillSchedule) {
        return new Policy(p.id(), p.targets(), p.schedule(), p.timeZone(), p.fullSchedule(), p.maxIncrementalCount(),
                p.maxIncrementalSpan(), p.storage(), p.compression(), p.compressionLevel(), p.encryptionKeyId(),
                p.retention(), drillSchedule, p.enabled());
    }

    static Policy disabled(Policy p) {
        return new Policy(p.id(), p.targets(), p.schedule(), p.timeZone(), p.fullSchedule(), p.maxIncrementalCount(),
                p.maxIncrementalSpan(), p.storage(), p.compression(), p.compressionLevel(), p.encryptionKeyId(),
                p.retention(), p.drillSchedule(), false);
    }
}
