package dev.weft.internal;

/**
 * Exports the engine to Weft's test fixtures when they run from the class path next to a named module
 * {@code dev.weft}: Maven Surefire runs a modular project's tests patched into the project's module and
 * puts test-only dependencies, {@code weft-test-fixtures} among them, on the class path. The module
 * descriptor exports {@code dev.weft.internal} to module {@code dev.weft.testing}, but on the class path
 * the fixtures belong to the unnamed module, which that qualified export does not reach, and
 * {@code VirtualTime} would fail with {@code IllegalAccessError} unless the user added
 * {@code --add-exports}.
 *
 * <p>Invariants: the export is added at most once, only when {@code dev.weft} is a named module and the
 * fixtures' {@code VirtualTime} is visible, from the unnamed module, to the class loader that defines
 * {@code dev.weft}; then it goes to that loader's unnamed module (the class path), which is what the
 * user would have named in {@code --add-exports dev.weft/dev.weft.internal=ALL-UNNAMED}. A runtime without
 * the fixtures jar exports nothing. Called from {@code dev.weft.Weft}'s initialization, which the
 * fixtures trigger before they touch the engine.
 */
public final class FixtureAccess {
    private static final String FIXTURE_CLASS = "dev.weft.testing.VirtualTime";

    private FixtureAccess() {
    }

    /** Adds the export described above if it applies; otherwise does nothing. */
    public static void exportToClassPathFixtures() {
        Module self = FixtureAccess.class.getModule();
        ClassLoader loader = FixtureAccess.class.getClassLoader();
        if (!self.isNamed() || loader == null) {
            return;
        }
        Module classPath = loader.getUnnamedModule();
        if (self.isExported(FixtureAccess.class.getPackageName(), classPath)) {
            return;
        }
        Class<?> fixture;
        try {
            fixture = Class.forName(FIXTURE_CLASS, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return;   // no fixtures on the class path: the normal case in production
        }
        if (fixture.getModule() == classPath) {
            self.addExports(FixtureAccess.class.getPackageName(), classPath);
        }
    }
}
