package dev.weft.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Weft;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The toolkit and fixtures as users put them on a module path: module dev.weft exports dev.weft, and the engine only to its own artifacts. */
class ModuleDescriptorTest {

    private static ModuleDescriptor toolkit() throws Exception {
        Path location = Path.of(Weft.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ModuleFinder.of(location).find("dev.weft").orElseThrow().descriptor();
    }

    @Test
    void theToolkitIsModuleDevWeft() throws Exception {
        assertEquals("dev.weft", toolkit().name());
        assertTrue(!toolkit().isAutomatic(), "a real module descriptor, not an automatic module");
    }

    @Test
    void onlyThePublicPackageIsExportedToEveryone() throws Exception {
        Set<String> unqualified = toolkit().exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());

        assertEquals(Set.of("dev.weft"), unqualified);
    }

    @Test
    void theEngineIsExportedOnlyToTheFixturesTheStructuredEngineAndTheMetricsModule() throws Exception {
        Map<String, Set<String>> qualified = toolkit().exports().stream()
                .filter(ModuleDescriptor.Exports::isQualified)
                .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));

        assertEquals(Map.of("dev.weft.internal", Set.of("dev.weft.testing", "dev.weft.structured", "dev.weft.micrometer")), qualified);
    }

    @Test
    void flightRecorderIsOptional() throws Exception {
        ModuleDescriptor.Requires jfr = toolkit().requires().stream()
                .filter(r -> r.name().equals("jdk.jfr"))
                .findFirst().orElseThrow();

        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), jfr.modifiers());
    }

    @Test
    void theFixturesAreModuleDevWeftTestingExportingOnlyTheirPackage() throws Exception {
        ModuleDescriptor fixtures = fixtures();

        assertTrue(!fixtures.isAutomatic(), "a real module descriptor, not an automatic module");
        assertEquals(Set.of("dev.weft.testing"), fixtures.exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    }

    @Test
    void theFixturesReadJUnitOnlyWhenItIsThere() throws Exception {
        ModuleDescriptor.Requires junit = fixtures().requires().stream()
                .filter(r -> r.name().equals("org.junit.jupiter.api"))
                .findFirst().orElseThrow();

        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), junit.modifiers());
    }

    private static ModuleDescriptor fixtures() throws Exception {
        Path location = Path.of(VirtualTime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ModuleFinder.of(location).find("dev.weft.testing").orElseThrow().descriptor();
    }

    @Test
    void theLibraryNeedsOnlySlf4jBesidesTheJdk() throws Exception {
        Set<String> requires = toolkit().requires().stream()
                .map(ModuleDescriptor.Requires::name)
                .filter(n -> !n.startsWith("java.") && !n.startsWith("jdk."))
                .collect(Collectors.toSet());

        assertEquals(Set.of("org.slf4j"), requires);
    }
}
