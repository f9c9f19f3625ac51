package dev.weft.internal;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the engine once. {@code -Dweft.engine=virtual} picks the default engine,
 * {@code -Dweft.engine=structured} the {@code StructuredTaskScope} engine; without the property the
 * structured engine is used when its classes load (artifact {@code weft-engine-structured} present,
 * JDK 25 with {@code --enable-preview}; anywhere else loading them fails with
 * {@code UnsupportedClassVersionError}, which is the probe) and the default engine otherwise. A
 * choice that cannot be honoured fails the first Weft call that starts a task, saying what to add.
 */
public final class Engines {
    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);
    static final String PROPERTY = "weft.engine";

    private static final Engine CURRENT;
    private static final String PROBLEM;

    static {
        String wanted = System.getProperty(PROPERTY, "").trim();
        Engine engine = null;
        String problem = null;
        switch (wanted) {
            case "virtual" -> engine = new VirtualThreadEngine();
            case "" -> {
                engine = loadStructured(null);
                if (engine == null) {
                    engine = new VirtualThreadEngine();
                }
            }
            case "structured" -> {
                StringBuilder why = new StringBuilder();
                engine = loadStructured(why);
                if (engine == null) {
                    problem = "-Dweft.engine=structured asks for the StructuredTaskScope engine, which cannot load here ("
                            + why + "): add the dependency dev.weft:weft-engine-structured and run on JDK 25 with "
                            + "--enable-preview, or use -Dweft.engine=virtual";
                }
            }
            default -> problem = "unknown -D" + PROPERTY + "=" + wanted + "; use -D" + PROPERTY + "=virtual or =structured";
        }
        CURRENT = engine;
        PROBLEM = problem;
        if (engine != null) {
            LOG.debug("Weft engine: {}", engine.name());
        }
    }

    private Engines() {
    }

    private static Engine loadStructured(StringBuilder why) {
        try {
            for (Engine e : ServiceLoader.load(Engine.class, Engines.class.getClassLoader())) {
                if ("structured".equals(e.name())) {
                    return e;
                }
            }
            note(why, "weft-engine-structured is not on the class or module path");
        } catch (ServiceConfigurationError | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            note(why, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        return null;
    }

    private static void note(StringBuilder why, String text) {
        if (why != null) {
            why.append(text);
        }
    }

    /** The engine in use. */
    public static Engine current() {
        if (PROBLEM != null) {
            throw new IllegalStateException(PROBLEM);
        }
        return CURRENT;
    }
}
