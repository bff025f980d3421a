package io.backstream.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The API token backupctl sends as {@code Authorization: Bearer}, from, first found wins: {@code --token}, the
 * environment variable {@code BACKSTREAM_TOKEN}, the file that {@code tokenFile} of the nearest
 * {@code .backstream/stack.json} names (the dev stack's admin token). The token itself never appears in a message:
 * messages name only where it came from.
 *
 * @param value  the token, null when none was found
 * @param origin where it came from, for messages ("--token", "$BACKSTREAM_TOKEN", "the token file ...")
 */
record BearerToken(String value, String origin) {

    static final String ENVIRONMENT = "BACKSTREAM_TOKEN";
    /** RFC 6750 b64token, which also covers JWTs: nothing that could break or extend the header. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    /**
     * Resolves the token.
     *
     * @throws CtlException (exit 4) when the token file stack.json names cannot be read or a token is malformed
     */
    static BearerToken resolve(String flag, Map<String, String> environment, Path workingDir) {
        if (flag != null && !flag.isBlank()) {
            return checked(flag.strip(), "--token");
        }
        String variable = environment.get(ENVIRONMENT);
        if (variable != null && !variable.isBlank()) {
            return checked(variable.strip(), "$" + ENVIRONMENT);
        }
        return StackFile.find(workingDir)
                .filter(stack -> stack.text("tokenFile") != null)
                .map(BearerToken::fromStackFile)
                .orElse(new BearerToken(null, "none"));
    }

    /** Whether a token was found. */
    boolean present() {
        return value != null;
    }

    /** The {@code Authorization} header value. */
    String header() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "BearerToken[" + origin + "]";
    }

    private static BearerToken fromStackFile(StackFile stack) {
        Path file = stack.path().getParent().resolve(stack.text("tokenFile"));
        String origin = "the token file " + file + " (named by " + stack.path() + ")";
        try {
            return checked(Files.readString(file, StandardCharsets.UTF_8).strip(), origin);
        } catch (IOException e) {
            throw new CtlException(ExitCodes.UNAUTHENTICATED, "cannot read " + origin + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static BearerToken checked(String value, String origin) {
        if (!TOKEN.matcher(value).matches()) {
            throw new CtlException(ExitCodes.UNAUTHENTICATED, "the token from " + origin
                    + " is malformed: a bearer token is one word of letters, digits and -._~+/=");
        }
        return new BearerToken(value, origin);
    }
}
