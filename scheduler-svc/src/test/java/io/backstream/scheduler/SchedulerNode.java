package io.backstream.scheduler;

import io.backstream.scheduler.domain.BackupLedger;
import io.backstream.scheduler.domain.BackupState;
import io.backstream.scheduler.domain.KnownTargets;
import io.backstream.scheduler.domain.LedgerStatus;
import io.backstream.scheduler.domain.PoliciesInForce;
import io.backstream.scheduler.messaging.SchedulerTicker;
import io.backstream.scheduler.messaging.StateReader;
import io.backstream.schema.Topics;
import io.backstream.support.security.TestApiAccess;
import io.backstream.testkit.Await;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.ManualClock;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One scheduler-svc instance on the test broker, with its controlled clock and an HTTP client. */
final class SchedulerNode implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    final EmbeddedServer server;
    final ManualClock clock;
    final HttpClient http;
    final BlockingHttpClient client;

    private SchedulerNode(EmbeddedServer server) {
        this.server = server;
        this.clock = server.getApplicationContext().getBean(ManualClock.class);
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setReadTimeout(Duration.ofSeconds(120));
        this.http = HttpClient.create(server.getURL(), configuration);
        this.client = TestApiAccess.authorized(http.toBlocking());
    }

    /** Starts an instance at {@code now} and waits until it has read its topics. */
    static SchedulerNode start(KafkaBroker broker, Instant now, Map<String, Object> extra) {
        ensureTopics(broker);
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "backstream.topics.retry-interval", "1s"));
        properties.putAll(TestApiAccess.properties());
        properties.putAll(extra);
        SchedulerNode node = new SchedulerNode(ApplicationContext.run(EmbeddedServer.class, properties));
        node.clock.set(now);
        Await.until(TIMEOUT, node.bean(StateReader.class)::isCaughtUp, "scheduler state caught up");
        return node;
    }

    /** The topics the scheduler reads but other services own. */
    static void ensureTopics(KafkaBroker broker) {
        for (String topic : new String[]{Topics.BACKUP_EVENTS, Topics.BACKUP_TARGETS, Topics.BACKUP_POLICIES}) {
            Topics.TopicSpec spec = Topics.spec(topic);
            broker.createTopic(topic, spec.partitions(), spec.configs());
        }
    }

    <T> T bean(Class<T> type) {
        return server.getApplicationContext().getBean(type);
    }

    /** Sets the clock and runs one evaluation. */
    void tickAt(Instant now) {
        clock.set(now);
        if (!bean(SchedulerTicker.class).tick()) {
            throw new AssertionError("scheduler state not caught up");
        }
    }

    void awaitTarget(String targetId) {
        Await.until(TIMEOUT, () -> bean(KnownTargets.class).contains(targetId), "target " + targetId + " known");
    }

    void awaitPolicy(String policyId) {
        Await.until(TIMEOUT, () -> bean(PoliciesInForce.class).get(policyId).isPresent(), "policy " + policyId + " known");
    }

    void awaitStatus(String backupId, LedgerStatus status) {
        Await.until(TIMEOUT, () -> bean(BackupLedger.class).state(backupId).map(BackupState::status)
                .filter(status::equals).isPresent(), backupId + " is " + status);
    }

    /** Status and body of a request, also for error answers; sent with the admin token unless it names its own. */
    Answer exchange(HttpRequest<?> request) {
        return exchange(client, request);
    }

    /** Status, headers and body of a request sent as it is, without a token unless it names one. */
    Answer exchangeAsIs(HttpRequest<?> request) {
        return exchange(http.toBlocking(), request);
    }

    private static Answer exchange(BlockingHttpClient client, HttpRequest<?> request) {
        try {
            HttpResponse<String> response = client.exchange(request, String.class);
            return new Answer(response.code(), response.getContentType().map(Object::toString).orElse(""),
                    response.getBody(String.class).orElse(""));
        } catch (HttpClientResponseException e) {
            Optional<String> body = e.getResponse().getBody(String.class);
            return new Answer(e.code(), e.getResponse().getContentType().map(Object::toString).orElse(""),
                    body.orElse(""));
        }
    }

    @Override
    public void close() {
        http.close();
        server.getApplicationContext().close();
    }

    /** An HTTP answer. */
    record Answer(int status, String contentType, String body) {
    }
}
