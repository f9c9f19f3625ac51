package dev.weft.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the engine once, from the system property {@code weft.engine}: {@code virtual} (the default)
 * starts plain virtual threads. A value that cannot be honoured fails the first Weft call that starts
 * a task, with a message that says what to do.
 */
public final class Engines {
    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);
    static final String PROPERTY = "weft.engine";

    private static final Engine CURRENT;
    private static final String PROBLEM;

    static {
        String wanted = System.getProperty(PROPERTY, "virtual").trim();
        Engine engine = null;
        String problem = null;
        switch (wanted) {
            case "virtual", "" -> engine = new VirtualThreadEngine();
            case "structured" -> problem = "-Dweft.engine=structured asks for the StructuredTaskScope engine, "
                    + "which this build of Weft does not include yet; remove the property to use the default "
                    + "engine (-Dweft.engine=virtual)";
            default -> problem = "unknown -D" + PROPERTY + "=" + wanted + "; use -D" + PROPERTY + "=virtual";
        }
        CURRENT = engine;
        PROBLEM = problem;
        if (engine != null) {
            LOG.debug("Weft engine: {}", engine.name());
        }
    }

    private Engines() {
    }

    /** The engine in use. */
    public static Engine current() {
        if (PROBLEM != null) {
            throw new IllegalStateException(PROBLEM);
        }
        return CURRENT;
    }
}
