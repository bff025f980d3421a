package io.backstream.support.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped logback.xml: plain text lines by default, one JSON object per event with BACKSTREAM_LOG_FORMAT=json. */
class LogFormatTest {

    @Test
    void jsonFormatWritesOneParsableObjectPerEvent() throws Exception {
        String out = logOnce("json");
        String[] lines = out.strip().split("\n");
        assertEquals(1, lines.length, out);
        @SuppressWarnings("unchecked")
        Map<String, Object> event = JsonMapper.createDefault().readValue(lines[0], Map.class);
        assertEquals("WARN", event.get("level"));
        assertEquals("io.backstream.test", event.get("loggerName"));
        assertEquals("backup b-1 of app failed: disk full", event.get("formattedMessage"));
        assertTrue(event.get("timestamp") instanceof Number, out);
    }

    @Test
    void textIsTheDefault() throws Exception {
        String out = logOnce(null);
        assertTrue(out.contains("WARN  [main] io.backstream.test - backup b-1 of app failed: disk full"), out);
        assertFalse(out.startsWith("{"), out);
    }

    private static String logOnce(String format) throws JoranException {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        if (format != null) {
            // the same lookup as the environment variable: context properties are consulted first
            context.putProperty("BACKSTREAM_LOG_FORMAT", format);
        }
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getClassLoader().getResource("logback.xml"));
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
            root.iteratorForAppenders().forEachRemaining(appenders::add);
            assertEquals(1, appenders.size(), "the root logger writes to exactly one appender");
            // the console belongs to the test runner: encode with the configured appender's encoder instead
            Encoder<ILoggingEvent> encoder = ((OutputStreamAppender<ILoggingEvent>) appenders.get(0)).getEncoder();
            LoggingEvent event = new LoggingEvent(Logger.FQCN, context.getLogger("io.backstream.test"), Level.WARN,
                    "backup {} of {} failed: {}", null, new Object[] {"b-1", "app", "disk full"});
            event.setThreadName("main");
            return new String(encoder.encode(event), StandardCharsets.UTF_8);
        } finally {
            context.stop();
        }
    }
}
