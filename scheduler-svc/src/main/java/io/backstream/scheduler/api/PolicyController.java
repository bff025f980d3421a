package io.backstream.scheduler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.scheduler.domain.KnownTargets;
import io.backstream.scheduler.domain.PoliciesInForce;
import io.backstream.scheduler.domain.PolicyValidator;
import io.backstream.scheduler.domain.Violation;
import io.backstream.scheduler.messaging.PolicyPublisher;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.event.Policy;
import io.backstream.support.api.JsonBodies;
import io.backstream.support.api.Problems;
import io.backstream.support.security.Caller;
import io.backstream.support.security.MutationAudit;
import io.backstream.support.security.Roles;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Policies: read from the in-memory mirror of {@code backup.policies}; writes go to the topic (the source of
 * truth) and are applied locally at once so the writer reads its own write. Bodies are Policy JSON as in
 * {@code docs/events.md}. A caller limited to some targets sees only the policies all of whose targets it may see,
 * and may name only those targets in a policy it writes; the others are unknown to it.
 */
@Secured(Roles.VIEWER)
@Controller("/v1/policies")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PolicyController {

    private final PoliciesInForce policies;
    private final KnownTargets targets;
    private final PolicyPublisher publisher;
    private final EventCodec codec;

    public PolicyController(PoliciesInForce policies, KnownTargets targets, PolicyPublisher publisher, EventCodec codec) {
        this.policies = policies;
        this.targets = targets;
        this.publisher = publisher;
        this.codec = codec;
    }

    @Operation(summary = "Every policy, ordered by id")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            array = @ArraySchema(schema = @Schema(implementation = Policy.class))))
    @Get(produces = MediaType.APPLICATION_JSON)
    public String list(Caller caller) {
        return json(policies.all().stream().filter(policy -> visible(caller, policy)).toList());
    }

    @Operation(summary = "One policy; 404 problem+json when unknown")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Policy.class)))
    @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public String get(Caller caller, String id) {
        return json(visiblePolicy(caller, id));
    }

    @Operation(summary = "Create or replace a policy; 400 problem+json naming each bad field")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Policy.class)))
    @Secured(Roles.ADMIN)
    @Put(value = "/{id}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public String put(Caller caller, String id, @Body @Schema(implementation = Policy.class) String body) {
        if (policies.get(id).filter(existing -> !visible(caller, existing)).isPresent()) {
            throw unknown(id);
        }
        Policy policy = parse(caller, id, body);
        publisher.publish(policy);
        policies.put(policy);
        MutationAudit.record(caller, "policy.put", id);
        return json(policy);
    }

    @Operation(summary = "Delete a policy (tombstone on backup.policies); 404 problem+json when unknown")
    @ApiResponse(responseCode = "204")
    @Secured(Roles.ADMIN)
    @Delete("/{id}")
    public HttpResponse<Void> delete(Caller caller, String id) {
        visiblePolicy(caller, id);
        publisher.delete(id);
        policies.remove(id);
        MutationAudit.record(caller, "policy.delete", id);
        return HttpResponse.noContent();
    }

    private Policy visiblePolicy(Caller caller, String id) {
        return policies.get(id).filter(policy -> visible(caller, policy)).orElseThrow(() -> unknown(id));
    }

    private static boolean visible(Caller caller, Policy policy) {
        return policy.targets().stream().allMatch(caller.scope()::permits);
    }

    /** The valid policy in {@code body}, or a 400 naming every bad field; targets out of scope count as unknown. */
    private Policy parse(Caller caller, String id, String body) {
        ObjectNode object = JsonBodies.object(codec.mapper(), body);
        if (!object.hasNonNull("id")) {
            object.put("id", id);
        } else if (!id.equals(object.get("id").asText())) {
            throw Problems.invalid("id", "must equal the id in the path ('" + id + "')");
        }
        List<Violation> schemaViolations = codec.validator().validate(EventType.POLICY, object).stream()
                .map(PolicyController::fromSchemaError)
                .toList();
        Policy policy;
        try {
            policy = codec.mapper().treeToValue(object, Policy.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw schemaViolations.isEmpty() ? Problems.invalid("body", "does not map to a policy")
                    : invalid(schemaViolations);
        }
        // domain rules first (their messages are more specific), then schema errors on other fields
        List<Violation> violations = new ArrayList<>(PolicyValidator.validate(policy,
                target -> caller.scope().permits(target) && targets.contains(target)));
        Set<String> named = violations.stream().map(Violation::field).collect(Collectors.toSet());
        schemaViolations.stream().filter(violation -> !named.contains(violation.field())).forEach(violations::add);
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return policy;
    }

    private String json(Object value) {
        try {
            return codec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise policies", e);
        }
    }

    private static RuntimeException unknown(String id) {
        return Problems.notFound("No policy with id '" + id + "'");
    }

    private static RuntimeException invalid(List<Violation> violations) {
        return Problems.invalid(violations.stream()
                .map(violation -> new Problems.FieldError(violation.field(), violation.message()))
                .toList());
    }

    private static Violation fromSchemaError(String error) {
        Problems.FieldError field = Problems.FieldError.fromSchemaError(error);
        return new Violation(field.field(), field.message());
    }
}
