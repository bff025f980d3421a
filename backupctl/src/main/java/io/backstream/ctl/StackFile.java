package io.backstream.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The dev stack's {@code .backstream/stack.json} nearest to the working directory (in it or one of its parents):
 * the services' URLs and the file holding the API token.
 *
 * @param path where it was found
 * @param json its content
 */
record StackFile(Path path, JsonNode json) {

    /**
     * The nearest stack.json at or above {@code dir}, if any.
     *
     * @throws CtlException (usage) when it is not valid JSON
     */
    static Optional<StackFile> find(Path dir) {
        for (Path current = dir.toAbsolutePath().normalize(); current != null; current = current.getParent()) {
            Path candidate = current.resolve(".backstream").resolve("stack.json");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(new StackFile(candidate, read(candidate)));
            }
        }
        return Optional.empty();
    }

    /** A non-blank text at {@code path} (field names from the root), else null. */
    String text(String... path) {
        JsonNode node = json;
        for (String field : path) {
            node = node.path(field);
        }
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new CtlException(ExitCodes.USAGE, file + " is not valid JSON; remove it or pass the URLs as flags");
        }
    }
}
