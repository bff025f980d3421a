package io.backstream.catalog.persistence;

import java.util.List;

/**
 * The SQL condition that keeps rows of the targets a caller may see: each glob ({@code *} any run, {@code ?} one
 * character) becomes a LIKE pattern with the LIKE wildcards of the id itself escaped, so filtering stays in the
 * query and pages stay full.
 */
final class TargetScopeSql {

    private TargetScopeSql() {
    }

    /** Appends {@code AND (column LIKE ? OR ...)} for {@code globs}; nothing when there are none (every target). */
    static void append(StringBuilder sql, List<Object> args, String column, List<String> globs) {
        if (globs.isEmpty()) {
            return;
        }
        sql.append(" AND (");
        for (int i = 0; i < globs.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append(column).append(" LIKE ? ESCAPE '\\'");
            args.add(likePattern(globs.get(i)));
        }
        sql.append(')');
    }

    static String likePattern(String glob) {
        StringBuilder pattern = new StringBuilder(glob.length() + 4);
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> pattern.append('%');
                case '?' -> pattern.append('_');
                case '%', '_', '\\' -> pattern.append('\\').append(c);
                default -> pattern.append(c);
            }
        }
        return pattern.toString();
    }
}
