package io.backstream.scheduler.domain;

import io.backstream.schema.event.Policy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The policies currently in force, mirrored from the compacted {@code backup.policies} topic. Thread-safe. */
public final class PoliciesInForce {

    private final Map<String, Policy> policies = new ConcurrentHashMap<>();

    /** Adds or replaces a policy. */
    public void put(Policy policy) {
        policies.put(policy.id(), policy);
    }

    /** Removes a policy; absent ids are ignored. */
    public void remove(String id) {
        policies.remove(id);
    }

    /** The policy with this id. */
    public Optional<Policy> get(String id) {
        return Optional.ofNullable(policies.get(id));
    }

    /** Every policy, ordered by id. */
    public List<Policy> all() {
        return policies.values().stream().sorted(Comparator.comparing(Policy::id)).toList();
    }
}
