package dev.weft.internal;

import java.util.Objects;

/** The one check for a name given to a task, group, gather or scope: not null, not blank. */
public final class Names {
    private Names() {
    }

    /** Returns {@code name}, or throws naming {@code argument} if it is null or blank. */
    public static String checked(String name, String argument) {
        Objects.requireNonNull(name, argument);
        if (name.isBlank()) {
            throw new IllegalArgumentException(argument + " must not be blank: '" + name + "'");
        }
        return name;
    }
}
