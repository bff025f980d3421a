package io.backstream.testkit;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * The SASL and ACL setup of a broker from {@link KafkaBroker#startSecured}: the client listener
 * takes SCRAM-SHA-512 only, the controller listener PLAIN (KRaft cannot use SCRAM there: the
 * credentials live in the metadata log the controller serves), and the {@code StandardAuthorizer}
 * denies what no ACL allows. Two super users: {@value #BROKER_USER} (the node talking to its own
 * controller and listener) and {@value #ADMIN_USER} (the test kit's admin). Their SCRAM credentials
 * are bootstrapped at format time ({@code --add-scram}) so that the broker's first start already
 * authenticates them; credentials added later go through {@code alterUserScramCredentials}.
 * Passwords are random per broker and never logged; the JAAS lines are built only here.
 */
final class BrokerSecurity {

    static final String BROKER_USER = "broker";
    static final String ADMIN_USER = "testkit-admin";

    private static final String MECHANISM = "SCRAM-SHA-512";
    private static final int SCRAM_ITERATIONS = 8192;
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    // kept out of the JAAS quoting and the --add-scram [name=...,password=...] syntax
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._@-]+");

    private final String brokerPassword;
    private final String adminPassword;

    private BrokerSecurity(String brokerPassword, String adminPassword) {
        this.brokerPassword = brokerPassword;
        this.adminPassword = adminPassword;
    }

    static BrokerSecurity generate() {
        return new BrokerSecurity(Uuid.randomUuid().toString(), Uuid.randomUuid().toString());
    }

    /** StorageTool arguments that write both super users' SCRAM credentials into the metadata log. */
    List<String> formatArguments() {
        return List.of(
                "--add-scram", MECHANISM + "=[name=" + BROKER_USER + ",password=" + brokerPassword + "]",
                "--add-scram", MECHANISM + "=[name=" + ADMIN_USER + ",password=" + adminPassword + "]");
    }

    /** Replaces the plain broker's listeners by SASL ones and turns the authorizer on. */
    void configure(Properties props, int port, int controllerPort) {
        props.setProperty("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.setProperty("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
        props.setProperty("inter.broker.listener.name", "SASL_PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        props.setProperty("sasl.enabled.mechanisms", MECHANISM);
        props.setProperty("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.setProperty("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                jaas(SCRAM_LOGIN, BROKER_USER, brokerPassword, ""));
        props.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
        props.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        props.setProperty("listener.name.controller.plain.sasl.jaas.config",
                jaas(PLAIN_LOGIN, BROKER_USER, brokerPassword, " user_" + BROKER_USER + "=\"" + brokerPassword + "\""));
        props.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.setProperty("allow.everyone.if.no.acl.found", "false");
        props.setProperty("super.users", "User:" + BROKER_USER + ";User:" + ADMIN_USER);
    }

    /** Client properties of the test kit's admin. */
    Map<String, Object> adminClientProperties() {
        return scramClientProperties(ADMIN_USER, adminPassword);
    }

    /** Client properties that authenticate as {@code user} with SCRAM-SHA-512 over SASL_PLAINTEXT. */
    static Map<String, Object> scramClientProperties(String user, String password) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, jaas(SCRAM_LOGIN, user, password, ""));
    }

    static UserScramCredentialUpsertion scramUpsertion(String user, String password) {
        requireSafe("user name", user);
        requireSafe("password", password);
        return new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password);
    }

    private static String jaas(String loginModule, String user, String password, String extra) {
        requireSafe("user name", user);
        requireSafe("password", password);
        return loginModule + " required username=\"" + user + "\" password=\"" + password + "\"" + extra + ";";
    }

    // the value itself stays out of the message: it may be a password
    private static void requireSafe(String what, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("a SASL " + what + " must match " + SAFE.pattern());
        }
    }
}
