package dev.weft;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what the named loggers log while it is open (Logback is the tests' SLF4J binding). */
final class LogCapture implements AutoCloseable {
    static final String SCOPE_LOGGER = "dev.weft.internal.ScopeImpl";
    static final String TASK_LOGGER = "dev.weft.internal.TaskImpl";

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<Logger> loggers = new ArrayList<>();

    private LogCapture(String... loggerNames) {
        appender.start();
        for (String name : loggerNames) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.addAppender(appender);
            loggers.add(logger);
        }
    }

    /** Starts collecting what {@code loggerNames} log. */
    static LogCapture of(String... loggerNames) {
        return new LogCapture(loggerNames);
    }

    /** Everything logged so far. */
    List<ILoggingEvent> events() {
        return appender.list;
    }

    /** The WARN events logged so far. */
    List<ILoggingEvent> warnings() {
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }

    /** The WARN events whose message contains {@code text}. */
    List<ILoggingEvent> warningsNaming(String text) {
        return warnings().stream().filter(e -> e.getFormattedMessage().contains(text)).toList();
    }

    @Override
    public void close() {
        loggers.forEach(l -> l.detachAppender(appender));
        appender.stop();
    }
}
