package io.backstream.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * What the running services consume, read from the broker with the Kafka AdminClient: the topics each consumer
 * group's members are assigned, and how far each group is behind on them.
 */
final class ConsumerGroups {

    private final Admin admin;

    ConsumerGroups(Admin admin) {
        this.admin = admin;
    }

    /** Topic names each group with live members is assigned, by group. */
    Map<String, Set<String>> assignedTopics() throws ExecutionException, InterruptedException {
        Set<String> groups = admin.listConsumerGroups().all().get().stream()
                .map(ConsumerGroupListing::groupId)
                .collect(Collectors.toSet());
        Map<String, Set<String>> topics = new TreeMap<>();
        for (ConsumerGroupDescription group : admin.describeConsumerGroups(groups).all().get().values()) {
            Set<String> assigned = new TreeSet<>();
            for (MemberDescription member : group.members()) {
                member.assignment().topicPartitions().forEach(partition -> assigned.add(partition.topic()));
            }
            if (!assigned.isEmpty()) {
                topics.put(group.groupId(), assigned);
            }
        }
        return topics;
    }

    /**
     * Records each group has not yet committed on every partition of its topics ({@code end - committed}, a
     * partition with no commit counting from its first offset), by {@code group/topic-partition}; only non-zero
     * entries.
     */
    Map<String, Long> lag(Map<String, Set<String>> topicsByGroup) throws ExecutionException, InterruptedException {
        Set<String> topics = topicsByGroup.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                description.partitions().forEach(partition -> {
                    latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
                    earliest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.earliest());
                }));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all().get();
        Map<String, Long> lag = new TreeMap<>();
        for (Map.Entry<String, Set<String>> group : topicsByGroup.entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group.getKey()).partitionsToOffsetAndMetadata().get();
            for (TopicPartition partition : ends.keySet()) {
                if (!group.getValue().contains(partition.topic())) {
                    continue;
                }
                OffsetAndMetadata offset = committed.get(partition);
                long position = offset == null ? starts.get(partition).offset() : offset.offset();
                long behind = ends.get(partition).offset() - position;
                if (behind > 0) {
                    lag.put(group.getKey() + "/" + partition, behind);
                }
            }
        }
        return lag;
    }
}
