package io.backstream.ctl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code policies apply|list|delete}: backup policies held by the scheduler. */
@Command(name = "policies", description = "Manage backup policies.",
        subcommands = {PoliciesCommand.Apply.class, PoliciesCommand.ListPolicies.class, PoliciesCommand.Delete.class})
final class PoliciesCommand extends CtlCommand {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Override
    public Integer call() {
        throw usage("a subcommand is required: apply, list or delete");
    }

    /** {@code apply -f FILE}: creates or replaces every policy in a YAML or JSON file. */
    @Command(name = "apply", description = "Create or replace the policies in a YAML or JSON file "
            + "(one policy, a list, a 'policies:' list, or several YAML documents).")
    static final class Apply extends CtlCommand {

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true, description = "YAML or JSON file")
        Path file;

        @Override
        public Integer call() {
            List<JsonNode> policies = read(root().workingDir().resolve(file));
            ServiceClient scheduler = root().scheduler();
            ArrayNode applied = JSON.createArrayNode();
            Table table = new Table("ID", "TARGETS", "SCHEDULE", "RESULT");
            for (JsonNode policy : policies) {
                String id = policy.get("id").asText();
                ServiceClient.Answer answer;
                try {
                    answer = scheduler.put("/v1/policies/" + ServiceClient.segment(id), policy.toString());
                } catch (CtlException e) {
                    throw new CtlException(e.exitCode(), "policy " + id + ": " + e.getMessage());
                }
                applied.add(answer.json());
                table.row(id, targets(answer.json()), text(answer.json(), "schedule"), "applied");
            }
            if (json()) {
                printJson(applied);
            } else {
                print(table.render());
            }
            return ExitCodes.OK;
        }

        /** The policies in {@code file}, each an object with an {@code id}; a bad file is a usage error. */
        List<JsonNode> read(Path path) {
            List<JsonNode> policies = new ArrayList<>();
            try (JsonParser parser = YAML.createParser(Files.readString(path));
                 MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
                while (documents.hasNextValue()) {
                    JsonNode document = documents.nextValue();
                    JsonNode list = document.isObject() && document.has("policies") ? document.get("policies") : document;
                    if (list.isArray()) {
                        list.forEach(policies::add);
                    } else if (list != null && !list.isNull() && !list.isMissingNode()) {
                        policies.add(list);
                    }
                }
            } catch (NoSuchFileException e) {
                throw usage(path + ": no such file");
            } catch (IOException | RuntimeException e) {
                throw usage(path + " is not valid YAML or JSON" + location(e));
            }
            if (policies.isEmpty()) {
                throw usage(path + " holds no policy");
            }
            for (int i = 0; i < policies.size(); i++) {
                JsonNode policy = policies.get(i);
                if (!policy.isObject() || !policy.path("id").isTextual() || policy.path("id").asText().isBlank()) {
                    throw usage(path + ": policy " + (i + 1) + " needs an 'id'");
                }
            }
            return policies;
        }

        private static String location(Exception e) {
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json && json.getLocation() != null) {
                return " (line " + json.getLocation().getLineNr() + ")";
            }
            return "";
        }
    }

    /** {@code list}: every policy. */
    @Command(name = "list", description = "List policies.")
    static final class ListPolicies extends CtlCommand {

        @Override
        public Integer call() {
            ServiceClient.Answer answer = root().scheduler().get("/v1/policies");
            if (json()) {
                printRaw(answer.body());
                return ExitCodes.OK;
            }
            Table table = new Table("ID", "TARGETS", "SCHEDULE", "FULL", "STORAGE", "RETENTION", "ENABLED");
            for (JsonNode policy : answer.json()) {
                table.row(text(policy, "id"), targets(policy), text(policy, "schedule"), text(policy, "fullSchedule"),
                        text(policy, "storage"), retention(policy.path("retention")), policy.path("enabled").asBoolean());
            }
            print(table.render());
            return ExitCodes.OK;
        }
    }

    /** {@code delete ID}. */
    @Command(name = "delete", description = "Delete a policy.")
    static final class Delete extends CtlCommand {

        @Parameters(paramLabel = "ID", description = "policy id")
        String id;

        @Override
        public Integer call() {
            root().scheduler().delete("/v1/policies/" + ServiceClient.segment(id));
            if (json()) {
                printJson(JSON.createObjectNode().put("deleted", id));
            } else {
                print("Policy " + id + " deleted\n");
            }
            return ExitCodes.OK;
        }
    }

    static String targets(JsonNode policy) {
        List<String> targets = new ArrayList<>();
        policy.path("targets").forEach(target -> targets.add(target.asText()));
        return String.join(",", targets);
    }

    /** {@code last=7 daily=14 maxAge=P90D}: the rules that are set. */
    static String retention(JsonNode retention) {
        List<String> rules = new ArrayList<>();
        for (String[] rule : new String[][] {{"keepLast", "last"}, {"keepDaily", "daily"}, {"keepWeekly", "weekly"},
                {"keepMonthly", "monthly"}, {"keepYearly", "yearly"}, {"maxAge", "maxAge"}}) {
            if (retention.hasNonNull(rule[0])) {
                rules.add(rule[1] + "=" + retention.get(rule[0]).asText());
            }
        }
        return String.join(" ", rules);
    }
}
