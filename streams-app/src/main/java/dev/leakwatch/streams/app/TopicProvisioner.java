package dev.leakwatch.streams.app;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leakwatch.topic.TopicNames;

/**
 * Creates leakwatch's topics when they are missing (for the demo, tests and clusters that let
 * applications create topics). The incident topic is compacted: keyed by incident id, a consumer
 * always finds every incident's latest transition.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /** Creates what is missing; existing topics are left as they are. */
    public static void ensure(Map<String, Object> adminConfig, TopicNames names, int partitions, short replication) {
        List<NewTopic> wanted = List.of(
                new NewTopic(names.samples(), Optional.of(partitions), Optional.of(replication)),
                // as many partitions as samples, both partitioned by host: one task sees a host on both
                new NewTopic(names.hostTicks(), Optional.of(partitions), Optional.of(replication)),
                new NewTopic(names.incidents(), Optional.of(partitions), Optional.of(replication))
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(names.fleetIncidents(), Optional.of(partitions), Optional.of(replication))
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(names.deadLetters(), Optional.of(1), Optional.of(replication)));
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (NewTopic topic : wanted) {
                if (existing.contains(topic.name())) {
                    continue;
                }
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    LOG.info("created topic {} ({} partitions)", topic.name(), topic.numPartitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka to check topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
