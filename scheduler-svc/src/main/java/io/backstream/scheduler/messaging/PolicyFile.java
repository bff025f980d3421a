package io.backstream.scheduler.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.scheduler.config.SchedulerConfiguration;
import io.backstream.scheduler.domain.PolicyValidator;
import io.backstream.scheduler.domain.Violation;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.event.Policy;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The policies of {@code backstream.scheduler.policies-file}: a YAML document with a {@code policies} list whose
 * entries have the fields of a Policy ({@code enabled} defaults to true). Read and validated (schema and domain
 * rules; targets need not be announced yet) at start-up, so a bad file fails start-up naming the property, the
 * policy and the field. {@link SchedulerTicker} publishes them once the topic has been read.
 */
@Context
public class PolicyFile {

    private static final String PROPERTY = "backstream.scheduler.policies-file";

    private final List<Policy> policies;

    public PolicyFile(SchedulerConfiguration configuration, EventCodec codec) {
        Path file = configuration.getPoliciesFile();
        this.policies = file == null ? List.of() : load(file, codec);
    }

    /** The policies in the file, in file order; empty without a file. */
    public List<Policy> policies() {
        return policies;
    }

    private static List<Policy> load(Path file, EventCodec codec) {
        Object document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(PROPERTY + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?> root) || !(root.get("policies") instanceof List<?> entries)) {
            throw new ConfigurationException(PROPERTY + ": " + file + " must be a YAML mapping with a 'policies' list");
        }
        List<Policy> result = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = PROPERTY + ": " + file + " policies[" + i + "]";
            JsonNode node = codec.mapper().valueToTree(entries.get(i));
            if (!(node instanceof ObjectNode object)) {
                throw new ConfigurationException(where + " must be a mapping");
            }
            if (!object.has("enabled")) {
                object.put("enabled", true);
            }
            List<String> schemaErrors = codec.validator().validate(EventType.POLICY, object);
            if (!schemaErrors.isEmpty()) {
                throw new ConfigurationException(where + ": " + String.join("; ", schemaErrors));
            }
            Policy policy = codec.mapper().convertValue(object, Policy.class);
            List<Violation> violations = PolicyValidator.validate(policy, target -> true);
            if (!violations.isEmpty()) {
                throw new ConfigurationException(where + " (" + policy.id() + "): " + violations);
            }
            result.add(policy);
        }
        return List.copyOf(result);
    }
}
