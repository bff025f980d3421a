package io.backstream.schema;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Builds fully populated records reflectively, so a component added to a record is covered by the
 * agreement tests without touching them. Values are chosen by component name to satisfy the schemas.
 */
final class Samples {

    static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final Instant TIME = Instant.parse("2026-11-21T02:00:00.123Z");

    private Samples() {
    }

    static Object record(Class<?> type) {
        return value(type, type, "");
    }

    static Object value(Type generic, Class<?> raw, String name) {
        if (raw.isRecord()) {
            RecordComponent[] components = raw.getRecordComponents();
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = value(components[i].getGenericType(), components[i].getType(), components[i].getName());
            }
            try {
                Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
                return raw.getDeclaredConstructor(types).newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        if (raw == List.class) {
            Type item = ((ParameterizedType) generic).getActualTypeArguments()[0];
            Class<?> itemClass = item instanceof Class<?> c ? c : (Class<?>) ((ParameterizedType) item).getRawType();
            return List.of(value(item, itemClass, name));
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        if (raw == Instant.class) {
            return TIME;
        }
        if (raw == long.class || raw == Long.class) {
            return 42L;
        }
        if (raw == int.class || raw == Integer.class) {
            return switch (name) {
                case "mode" -> 420;
                case "formatVersion" -> 1;
                default -> 3;
            };
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == String.class) {
            return string(name);
        }
        throw new IllegalArgumentException("No sample for " + generic + " " + name);
    }

    private static String string(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("sha256")) {
            return SHA256;
        }
        if (lower.equals("targetid") || lower.equals("targets")) {
            return "app-data-1";
        }
        if (lower.endsWith("schedule")) {
            return "0 2 * * *";
        }
        if (lower.equals("timezone")) {
            return "Europe/Berlin";
        }
        if (lower.equals("maxincrementalspan") || lower.equals("maxage")) {
            return "P7D";
        }
        return name + "-sample";
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
