package io.backstream.scheduler;

import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupRequested;
import io.backstream.support.security.Roles;
import io.backstream.support.security.TestApiAccess;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.TestTokens;
import io.backstream.testkit.UniqueNames;
import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static io.backstream.scheduler.SchedulerNode.TIMEOUT;
import static io.backstream.scheduler.SchedulingIT.policyJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may do what on the scheduler's API, on the real broker: roles, a tenant's token limited to its targets (other
 * targets and their policies are unknown to it, not forbidden), and {@code requestedBy} as the authenticated caller.
 */
@ExtendWith(BackstreamInfrastructure.class)
class SchedulerSecurityIT {

    private static final Instant NOW = Instant.parse("2030-04-01T08:00:00Z");

    @Test
    void aTenantSeesAndActsOnItsOwnTargetsOnlyAndOthersAreUnknownToIt(KafkaBroker broker) {
        String tenant = UniqueNames.id("tenant");
        String mine = tenant + "-db";
        String theirs = UniqueNames.id("other") + "-db";
        TestTokens.Token tenantAdmin = TestTokens.generate("admin-of-" + tenant, Roles.ADMIN, tenant + "-*");
        String minePolicy = UniqueNames.id("mine");
        String theirPolicy = UniqueNames.id("theirs");
        try (EventScript script = new EventScript(broker);
             SchedulerNode node = SchedulerNode.start(broker, NOW, TestApiAccess.properties(tenantAdmin))) {
            script.announce(mine, NOW);
            script.announce(theirs, NOW);
            node.awaitTarget(mine);
            node.awaitTarget(theirs);
            assertEquals(200, node.exchange(HttpRequest.PUT("/v1/policies/" + theirPolicy,
                    policyJson(theirPolicy, "@daily", "UTC", theirs))).status());

            SchedulerNode.Answer own = node.exchange(HttpRequest.PUT("/v1/policies/" + minePolicy,
                    policyJson(minePolicy, "@daily", "UTC", mine)).bearerAuth(tenantAdmin.secret()));
            assertEquals(200, own.status(), own.body());
            String listed = node.exchange(HttpRequest.GET("/v1/policies").bearerAuth(tenantAdmin.secret())).body();
            assertTrue(listed.contains(minePolicy) && !listed.contains(theirPolicy) && !listed.contains(theirs),
                    listed);
            assertTrue(node.exchange(HttpRequest.GET("/v1/policies")).body().contains(theirPolicy),
                    "an unrestricted admin lists every policy");

            SchedulerNode.Answer unknownPolicy = node.exchange(HttpRequest.GET("/v1/policies/no-such-policy")
                    .bearerAuth(tenantAdmin.secret()));
            SchedulerNode.Answer otherPolicy = node.exchange(HttpRequest.GET("/v1/policies/" + theirPolicy)
                    .bearerAuth(tenantAdmin.secret()));
            assertEquals(404, otherPolicy.status());
            assertEquals(unknownPolicy.body().replace("no-such-policy", theirPolicy), otherPolicy.body(),
                    "another tenant's policy reads exactly like one that does not exist");
            assertEquals(404, node.exchange(HttpRequest.DELETE("/v1/policies/" + theirPolicy)
                    .bearerAuth(tenantAdmin.secret())).status());
            assertEquals(404, node.exchange(HttpRequest.PUT("/v1/policies/" + theirPolicy,
                    policyJson(theirPolicy, "@hourly", "UTC", mine)).bearerAuth(tenantAdmin.secret())).status(),
                    "nor can it replace it");
            SchedulerNode.Answer namesOther = node.exchange(HttpRequest.PUT("/v1/policies/" + minePolicy,
                    policyJson(minePolicy, "@daily", "UTC", theirs)).bearerAuth(tenantAdmin.secret()));
            assertEquals(400, namesOther.status());
            assertTrue(namesOther.body().contains("unknown target '" + theirs + "'"), namesOther.body());
            assertEquals(200, node.exchange(HttpRequest.GET("/v1/policies/" + theirPolicy)).status(),
                    "the other tenant's policy is still there");

            SchedulerNode.Answer otherBackup = node.exchange(HttpRequest.POST("/v1/backups",
                    "{\"target\":\"" + theirs + "\"}").bearerAuth(tenantAdmin.secret()));
            SchedulerNode.Answer noSuchBackup = node.exchange(HttpRequest.POST("/v1/backups",
                    "{\"target\":\"no-such-target\"}").bearerAuth(tenantAdmin.secret()));
            assertEquals(404, otherBackup.status());
            assertEquals(noSuchBackup.body().replace("no-such-target", theirs), otherBackup.body());

            SchedulerNode.Answer backup = node.exchange(HttpRequest.POST("/v1/backups",
                    "{\"target\":\"" + mine + "\"}").bearerAuth(tenantAdmin.secret()));
            assertEquals(202, backup.status(), backup.body());
            BackupRequested requested = script.read(Topics.BACKUP_REQUESTS, BackupRequested.class,
                    r -> r.targetId().equals(mine), found -> !found.isEmpty(), TIMEOUT).get(0);
            assertEquals(tenantAdmin.name(), requested.requestedBy());
            assertFalse(script.read(Topics.BACKUP_REQUESTS, BackupRequested.class, r -> r.targetId().equals(theirs),
                    found -> true, Duration.ofSeconds(2)).stream().findAny().isPresent(),
                    "no backup of the other tenant's target was requested");
        }
    }

    @Test
    void rolesDecideWhatATokenMayDoAndAMissingTokenIsAsked(KafkaBroker broker) {
        TestTokens.Token viewer = TestTokens.generate("viewer", Roles.VIEWER);
        TestTokens.Token operator = TestTokens.generate("operator", Roles.OPERATOR);
        String target = UniqueNames.id("db");
        String policy = UniqueNames.id("roles");
        try (EventScript script = new EventScript(broker);
             SchedulerNode node = SchedulerNode.start(broker, NOW, TestApiAccess.properties(viewer, operator))) {
            script.announce(target, NOW);
            node.awaitTarget(target);
            String body = policyJson(policy, "@daily", "UTC", target);

            SchedulerNode.Answer anonymous = node.exchangeAsIs(HttpRequest.GET("/v1/policies"));
            assertEquals(401, anonymous.status());
            assertTrue(anonymous.contentType().startsWith("application/problem+json"), anonymous.contentType());
            assertEquals(401, node.exchangeAsIs(HttpRequest.GET("/v1/policies").bearerAuth("forged")).status());
            assertEquals(200, node.exchangeAsIs(HttpRequest.GET("/health")).status(), "health stays open");

            assertEquals(200, node.exchange(HttpRequest.GET("/v1/policies").bearerAuth(viewer.secret())).status());
            assertEquals(403, node.exchange(HttpRequest.PUT("/v1/policies/" + policy, body)
                    .bearerAuth(viewer.secret())).status());
            assertEquals(403, node.exchange(HttpRequest.POST("/v1/backups", "{\"target\":\"" + target + "\"}")
                    .bearerAuth(viewer.secret())).status());
            assertEquals(403, node.exchange(HttpRequest.PUT("/v1/policies/" + policy, body)
                    .bearerAuth(operator.secret())).status(), "policies are the admin's");
            assertEquals(202, node.exchange(HttpRequest.POST("/v1/backups", "{\"target\":\"" + target + "\"}")
                    .bearerAuth(operator.secret())).status(), "an operator asks for backups");
            assertEquals(404, node.exchange(HttpRequest.GET("/v1/policies/" + policy)).status(),
                    "no refused write left a policy behind");
            assertTrue(script.read(Topics.BACKUP_REQUESTS, BackupRequested.class, r -> r.targetId().equals(target),
                    found -> !found.isEmpty(), TIMEOUT).stream().allMatch(r -> r.requestedBy().equals("operator")),
                    "only the operator's request reached the topic");
        }
    }
}
