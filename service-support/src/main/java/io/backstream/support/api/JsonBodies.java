package io.backstream.support.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request bodies that must be one JSON object, read as a tree so each field can be checked and named. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** The object in {@code body}, or a 400 saying that the body is not JSON or not an object. */
    public static ObjectNode object(ObjectMapper mapper, String body) {
        JsonNode tree;
        try {
            tree = body == null ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw Problems.invalid("body", "is not valid JSON");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw Problems.invalid("body", "must be a JSON object");
        }
        return object;
    }
}
