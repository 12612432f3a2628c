package com.anycompany.scoring.serving;

import com.anycompany.scoring.batch.BatchJson;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Structured logs for the model server: each java.util.logging record (slf4j's jdk14 provider sends the core's logs
 * there) as one JSON object per line, {@code {"timestamp", "level", "logger", "message", "error"?}}, on stdout, as
 * CloudWatch Logs (awslogs, SageMaker) and Container Insights read it. Messages carry no feature values or scores.
 */
public final class JsonLogFormatter extends Formatter {
    @Override
    public String format(LogRecord r) {
        ObjectNode o = BatchJson.MAPPER.createObjectNode();
        o.put("timestamp", Instant.ofEpochMilli(r.getMillis()).toString());
        o.put("level", r.getLevel().getName());
        o.put("logger", r.getLoggerName());
        o.put("message", formatMessage(r));
        if (r.getThrown() != null) {
            o.put("error", r.getThrown().getClass().getName());
        }
        return o + System.lineSeparator();
    }

    /** Replaces the JDK's default console logging with JSON lines on {@code out}; level from SCORING_LOG_LEVEL. */
    public static void install(PrintStream out) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        StreamHandler h = new StreamHandler(out, new JsonLogFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        Level level = Level.INFO;
        String configured = System.getenv("SCORING_LOG_LEVEL");
        if (configured != null) {
            try {
                level = Level.parse(configured.equals("DEBUG") ? "FINE" : configured.equals("ERROR") ? "SEVERE"
                        : configured.equals("WARN") ? "WARNING" : configured);
            } catch (IllegalArgumentException e) {
                level = Level.INFO;
            }
        }
        h.setLevel(level);
        root.setLevel(level);
        root.addHandler(h);
    }
}
