package dev.weft.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The roots of the live task trees: the root task of each running {@code Weft.run}, and each
 * outermost scope opened on a thread outside Weft. Everything else is reached from them through the
 * scopes' child lists, so a spawn costs the registry nothing.
 */
final class Registry {
    private static final Set<Object> ROOTS = ConcurrentHashMap.newKeySet();

    private Registry() {
    }

    static void add(Object root) {
        ROOTS.add(root);
    }

    static void remove(Object root) {
        ROOTS.remove(root);
    }

    static Object[] roots() {
        return ROOTS.toArray();
    }
}
